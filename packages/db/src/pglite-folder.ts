import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/** Kept in a data folder from before PGlite writes a new database there until it is open. */
export const CREATING_MARKER = '.stagecraft-creating';
/** Holds the id of the process that has the folder open. */
export const LOCK_FILE = '.stagecraft-lock';

/** PGlite open on a data folder that this process holds until `close`. */
export interface PgliteFolder {
  client: PGlite;
  close(): Promise<void>;
}

/**
 * Opens PGlite on `dataDir` for this process alone, creating the database if the folder is new
 * or empty.
 *
 * PGlite takes no lock, and two processes writing one folder lose writes or damage it, so a
 * lock file names the owner; one left by a process that died is taken over.
 *
 * PGlite writes a new database file by file and takes a folder holding PG_VERSION for a
 * complete one, but writes PG_VERSION before its last config files: a process killed in that
 * moment left a folder that no later start could open. A marker written into the empty folder
 * first, and removed once the database is open, tells such a leftover apart; it is cleared and
 * created again. Everything in a folder with the marker was written by that interrupted start.
 */
export async function openPgliteFolder(dataDir: string, options: PGliteOptions = {}): Promise<PgliteFolder> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockFolder(dataDir);
  try {
    const client = await openLocked(dataDir, options);
    return {
      client,
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openLocked(dataDir: string, options: PGliteOptions): Promise<PGlite> {
  const marker = join(dataDir, CREATING_MARKER);
  const ours = (entry: string) => entry === CREATING_MARKER || entry === LOCK_FILE;
  if (existsSync(marker)) {
    for (const entry of readdirSync(dataDir)) {
      if (!ours(entry)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
  } else if (readdirSync(dataDir).every(ours)) {
    closeSync(openSync(marker, 'w'));
  }
  const client = new PGlite(dataDir, options);
  try {
    await client.waitReady;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PGlite could not open the data folder ${dataDir}: ${reason}`, { cause: error });
  }
  rmSync(marker, { force: true });
  return client;
}

/** Folders this process has open: its own id in a lock file does not tell them apart. */
const openHere = new Set<string>();

/** Takes the folder's lock file for this process; returns how to release it. */
function lockFolder(dataDir: string): () => void {
  const lock = join(dataDir, LOCK_FILE);
  const key = resolve(dataDir);
  if (openHere.has(key)) throw inUse(dataDir, process.pid, lock);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      openHere.add(key);
      return () => {
        openHere.delete(key);
        rmSync(lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = lockOwner(lock);
    if (isAlive(owner)) throw inUse(dataDir, owner, lock);
    // Its owner died without closing (a kill, a crash): take it over.
    rmSync(lock, { force: true });
  }
  throw inUse(dataDir, Number.NaN, lock);
}

/** The process id in a lock file; 0 when it is gone or was cut off before the id was written. */
function lockOwner(lock: string): number {
  try {
    return Number(readFileSync(lock, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function inUse(dataDir: string, owner: number, lock: string): Error {
  const who = Number.isNaN(owner) ? 'another process' : `process ${owner}`;
  return new Error(
    `The data folder ${dataDir} is in use by ${who}. Stop that server first; if no Stagecraft ` +
      `server uses the folder, delete ${lock}.`,
  );
}

/** Whether a process with this id runs now; our own id counts as not (a container restart reuses it). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
