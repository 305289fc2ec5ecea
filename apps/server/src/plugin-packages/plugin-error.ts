/**
 * A plugin that stops the server from starting: the message names the package (or the config
 * file), what is wrong, and how to fix it.
 */
export class PluginError extends Error {
  constructor(
    readonly subject: string,
    problem: string,
    fix: string,
  ) {
    super(`Stagecraft cannot start: ${subject}: ${problem}. ${fix}`);
    this.name = 'PluginError';
  }
}
