import { existsSync } from 'node:fs';
import chromium from '@sparticuz/chromium';

/** Debian's Chromium, used when it is installed. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium the browser suite drives, never downloaded: `CHROMIUM_PATH` when set, else
 * Debian's when installed, else the build that ships inside the `@sparticuz/chromium` npm
 * package (unpacked into the OS temp folder on first use), so `pnpm install` is all a machine
 * with only Node and npm needs.
 */
export async function chromiumPath(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen))
      throw new Error(`CHROMIUM_PATH names ${chosen}, which does not exist; fix or unset it.`);
    return chosen;
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return chromium.executablePath();
}
