/**
 * Migrations only go forward (docs/hub.md, "Upgrades"): a hub started on a
 * database that a newer hub has migrated — an upgrade rolled back by
 * reinstalling the older version — refuses to start, saying what to do,
 * instead of running on tables it does not know.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub } from '../../helpers/hub.js';

describe('a database from a newer hub', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-newer-db-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused at start with its schema number and what to do, and is left as it was', async () => {
    const first = await startHub({ dataDir });
    await first.stop();
    const file = path.join(dataDir, 'hub.sqlite');
    const db = new Database(file);
    const known = Number(db.pragma('user_version', { simple: true }));
    db.pragma(`user_version = ${known + 1}`);
    db.close();

    const refusal = startHub({ dataDir });
    await expect(refusal).rejects.toThrow(
      `the database ${file} was migrated by a newer hub (schema ${known + 1}; this hub knows up to ${known})`,
    );
    await expect(refusal).rejects.toThrow(/restore a backup taken before the upgrade/);
    const after = new Database(file, { readonly: true });
    expect(Number(after.pragma('user_version', { simple: true }))).toBe(known + 1);
    after.close();
  });
});
