import cluster, { type Worker } from 'node:cluster';

/** What a server process tells the supervising process once it listens. */
export interface ListeningMessage {
  type: 'stagecraft:listening';
  url: string;
}

function isListeningMessage(message: unknown): message is ListeningMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as ListeningMessage).type === 'stagecraft:listening' &&
    typeof (message as ListeningMessage).url === 'string'
  );
}

export interface SuperviseOptions {
  processes: number;
  /** Called once, when every process listens. */
  onListening: (url: string) => void;
  /** How long the processes get to finish their work on shutdown before they are killed. */
  shutdownMs: number;
  /** Operator messages (stderr). */
  say: (line: string) => void;
}

/** A process that dies this soon again and again is not worth restarting. */
const CRASH_WINDOW_MS = 60_000;
const CRASHES_TOLERATED = 5;
const RESTART_DELAY_MS = 1_000;

/**
 * Runs `processes` copies of this program (node:cluster workers sharing the port; the database
 * hands out the work), restarts one that dies after start-up, and stops them all on SIGTERM or
 * SIGINT. A process that cannot start stops the whole server, as a single process would; so do
 * processes that keep dying. If this process is killed outright, its workers exit with it.
 */
export function supervise(options: SuperviseOptions): void {
  const { processes, say } = options;
  let listening = false;
  let stopping = false;
  const ready = new Set<number>();
  const crashes: number[] = [];

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (!isListeningMessage(message)) return;
      ready.add(worker.id);
      if (!listening && ready.size === processes) {
        listening = true;
        options.onListening(message.url);
      }
    });
  };

  const living = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const worker of living()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      say('Server processes took too long to stop; killing them.');
      for (const worker of living()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, options.shutdownMs).unref();
    const exitWhenDone = () => {
      if (living().length === 0) process.exit(code);
    };
    cluster.on('exit', exitWhenDone);
    exitWhenDone();
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    if (stopping) return;
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    if (!wasReady && !listening) {
      say(`A server process ${how} while starting; stopping.`);
      stopAll(1);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= CRASHES_TOLERATED) {
      say(`Server processes exited ${crashes.length} times within a minute; stopping.`);
      stopAll(1);
      return;
    }
    say(`Server process ${worker.process.pid} ${how}; starting another.`);
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      say(`${signal} again: killing the server processes now.`);
      for (const worker of living()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    signalled = true;
    stopAll(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  for (let i = 0; i < processes; i++) fork();
}
