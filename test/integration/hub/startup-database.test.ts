import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub } from '../../helpers/hub.js';
import { killHubProcesses, onlyLine, runHubCli, seedDataFolder, waitForHealth } from '../../helpers/hub-cli.js';

const count = (file: string, table: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    const row: unknown = db.prepare(`SELECT count(*) AS n FROM ${table}`).get();
    return typeof row === 'object' && row !== null && 'n' in row ? Number(row.n) : -1;
  } finally {
    db.close();
  }
};

/** Overwrites the first page of `table`'s b-tree with bytes no page holds, as a disk fault would. */
function damageTable(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const row: unknown = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(table);
  db.close();
  const rootPage = typeof row === 'object' && row !== null && 'rootpage' in row ? Number(row.rootpage) : 0;
  expect(rootPage).toBeGreaterThan(1);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, (rootPage - 1) * pageSize);
  fs.closeSync(fd);
}

describe('the database at start, and its backups', () => {
  let base: string;
  let dataDir: string;
  let dbFile: string;
  let serve: string[];
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-startup-db-'));
    dataDir = path.join(base, 'data');
    dbFile = path.join(dataDir, 'hub.sqlite');
    serve = ['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir];
  });
  afterEach(() => {
    killHubProcesses();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('a database damaged in one table refuses to start with one line naming it and the backup to restore, and the restored backup starts', async () => {
    await seedDataFolder(dataDir, { messages: 40 });
    const backupFile = path.join(base, 'hub-backup.sqlite');
    const backup = runHubCli(['backup', '--data-dir', dataDir, '--to', backupFile]);
    expect(await backup.exit).toBe(0);

    damageTable(dbFile, 'events');
    const refused = runHubCli(serve);
    expect(await refused.outcome()).toEqual({ exit: 1 });
    const line = onlyLine(refused.stderr());
    expect(line).toContain(dbFile);
    expect(line).toMatch(/damaged/i);
    expect(line).toMatch(/backup/i);

    // The restore docs/hub.md describes: the backup replaces hub.sqlite, the damaged file's WAL goes with it.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
    fs.copyFileSync(backupFile, dbFile);
    const restored = runHubCli(serve);
    await waitForHealth(await restored.started);
    restored.child.kill('SIGTERM');
    expect(await restored.exit).toBe(0);
    expect(count(dbFile, 'messages')).toBe(40);
  });

  it('a hub.sqlite that is not a database at all is one line naming it', async () => {
    fs.mkdirSync(dataDir);
    fs.writeFileSync(dbFile, 'these are not the pages you are looking for\n'.repeat(200));
    const refused = runHubCli(serve);
    expect(await refused.outcome()).toEqual({ exit: 1 });
    const line = onlyLine(refused.stderr());
    expect(line).toContain(dbFile);
    expect(line).toMatch(/backup/i);
  });

  it('backup copies the database while the hub takes in messages, checks the copy, and says what else to back up', async () => {
    const t = await startHub({ dataDir });
    try {
      const channel = await t.createChannel({ kind: 'line' });
      for (let i = 0; i < 20; i++) await t.ingestText(channel.id, { from: 'u1', text: `before ${i}` });
      let ingested = 20;
      const traffic = setInterval(async () => {
        await t.ingestText(channel.id, { from: 'u2', text: `during ${ingested}` });
        ingested++;
      }, 2);
      const backupFile = path.join(base, 'during-traffic.sqlite');
      const backup = runHubCli(['backup', '--data-dir', dataDir, '--to', backupFile]);
      const code = await backup.exit;
      clearInterval(traffic);
      expect(code).toBe(0);
      expect(backup.stdout()).toContain(backupFile);
      expect(backup.stdout()).toContain(path.join(dataDir, 'secret.key'));
      expect(backup.stdout()).toContain(path.join(dataDir, 'blobs'));

      const copy = new Database(backupFile, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
      const copied = count(backupFile, 'messages');
      expect(copied).toBeGreaterThanOrEqual(20);
      expect(copied).toBeLessThanOrEqual(ingested);
    } finally {
      await t.stop();
    }
  });

  it('backup never overwrites a file and never creates a database where there is none', async () => {
    await seedDataFolder(dataDir);
    const existing = path.join(base, 'existing.sqlite');
    fs.writeFileSync(existing, 'keep me');
    const overwrite = runHubCli(['backup', '--data-dir', dataDir, '--to', existing]);
    expect(await overwrite.exit).toBe(1);
    expect(onlyLine(overwrite.stderr())).toContain(existing);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');

    const empty = path.join(base, 'empty');
    fs.mkdirSync(empty);
    const nothing = runHubCli(['backup', '--data-dir', empty, '--to', path.join(base, 'nothing.sqlite')]);
    expect(await nothing.exit).toBe(1);
    expect(onlyLine(nothing.stderr())).toContain(path.join(empty, 'hub.sqlite'));
    expect(fs.readdirSync(empty)).toEqual([]);
    expect(fs.existsSync(path.join(base, 'nothing.sqlite'))).toBe(false);

    const noTarget = runHubCli(['backup', '--data-dir', dataDir]);
    expect(await noTarget.exit).toBe(1);
    expect(onlyLine(noTarget.stderr())).toMatch(/--to/);
  });
});
