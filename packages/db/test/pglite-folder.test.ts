import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, workspaces } from '../src/index';
import { CREATING_MARKER, LOCK_FILE } from '../src/pglite-folder';

/** What PGlite writes after PG_VERSION when it creates a database folder. */
const WRITTEN_AFTER_VERSION = ['pg_hba.conf', 'pg_ident.conf', 'postgresql.auto.conf'];

describe('a PGlite folder interrupted on its first start', () => {
  const parent = mkdtempSync(join(tmpdir(), 'stagecraft-first-start-'));
  const complete = join(parent, 'complete');
  afterAll(() => rmSync(parent, { recursive: true, force: true }));
  beforeAll(async () => {
    const pg = new PGlite(complete);
    await pg.waitReady;
    await pg.close();
  });

  /** A copy of a new folder as a process killed right after PG_VERSION was written leaves it. */
  function killedAfterVersion(name: string): string {
    const dir = join(parent, name);
    cpSync(complete, dir, { recursive: true });
    for (const file of WRITTEN_AFTER_VERSION) rmSync(join(dir, file));
    return dir;
  }

  it('is created again, since the marker says the folder holds only that start’s files', async () => {
    const dataDir = killedAfterVersion('with-marker');
    writeFileSync(join(dataDir, CREATING_MARKER), '');
    const database = await createDatabase({ dataDir });
    await database.db.insert(workspaces).values({ id: 'w', name: 'After the kill', stages: [] });
    const rows = await database.db.select().from(workspaces);
    await database.close();
    expect(rows.map((r) => r.name)).toEqual(['After the kill']);
    expect(existsSync(join(dataDir, CREATING_MARKER))).toBe(false);
  });

  // Why the marker exists: if a PGlite upgrade makes this pass, the marker can go.
  it('cannot be opened by PGlite alone', async () => {
    const dataDir = killedAfterVersion('without-marker');
    await expect(createDatabase({ dataDir })).rejects.toThrow(/could not open the data folder/);
  });
});

describe('a PGlite folder has one owner', () => {
  const parent = mkdtempSync(join(tmpdir(), 'stagecraft-owner-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('is refused while another live process has it open, naming that process', async () => {
    const dataDir = join(parent, 'taken');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, LOCK_FILE), String(process.ppid));
    await expect(createDatabase({ dataDir })).rejects.toThrow(`in use by process ${process.ppid}`);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
  });

  it('is refused to a second open in the same process, and free again after close', async () => {
    const dataDir = join(parent, 'twice');
    mkdirSync(dataDir); // empty, as a freshly mounted volume
    const first = await createDatabase({ dataDir });
    expect(existsSync(join(dataDir, CREATING_MARKER))).toBe(false);
    await expect(createDatabase({ dataDir })).rejects.toThrow('in use');
    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const again = await createDatabase({ dataDir });
    await again.close();
  });

  it('is taken over from a process that died without closing it', async () => {
    const dataDir = join(parent, 'orphaned');
    mkdirSync(dataDir);
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dataDir, LOCK_FILE), String(gone));
    const database = await createDatabase({ dataDir });
    await database.close();
  });
});
