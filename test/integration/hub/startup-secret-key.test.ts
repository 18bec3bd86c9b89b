import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  exitWithin,
  giveTo,
  killHubProcesses,
  onlyLine,
  runHubCli,
  seedDataFolder,
  unprivilegedUser,
} from '../../helpers/hub-cli.js';

const newKey = (): string => randomBytes(32).toString('base64');

describe('the secret key at start', () => {
  let base: string;
  let dataDir: string;
  let keyFile: string;
  let serve: string[];
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-startup-key-'));
    dataDir = path.join(base, 'data');
    keyFile = path.join(dataDir, 'secret.key');
    serve = ['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir];
  });
  afterEach(() => {
    killHubProcesses();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('a hub whose secret.key is lost refuses to start, names the file and the backup, and creates no new key; with the key restored it starts', async () => {
    await seedDataFolder(dataDir);
    const saved = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);

    const refused = runHubCli(serve);
    expect(await refused.outcome()).toEqual({ exit: 1 });
    const line = onlyLine(refused.stderr());
    expect(line).toContain(keyFile);
    expect(line).toMatch(/backup/i);
    expect(fs.existsSync(keyFile)).toBe(false);

    fs.writeFileSync(keyFile, saved, { mode: 0o600 });
    const restored = runHubCli(serve);
    await restored.started;
    restored.child.kill('SIGTERM');
    expect(await restored.exit).toBe(0);
  });

  it('a hub given another secret.key than the one that sealed its credentials refuses to start and leaves the file alone', async () => {
    await seedDataFolder(dataDir);
    const other = newKey();
    fs.writeFileSync(keyFile, other);

    const refused = runHubCli(serve);
    expect(await refused.outcome()).toEqual({ exit: 1 });
    const line = onlyLine(refused.stderr());
    expect(line).toContain(keyFile);
    expect(line).toMatch(/backup/i);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(other);
  });

  it('a SWITCHBOARD_SECRET_KEY that does not open the credentials refuses to start, names the variable and writes no key file', async () => {
    await seedDataFolder(dataDir, { secretKey: newKey() });
    expect(fs.existsSync(keyFile)).toBe(false);

    const refused = runHubCli(serve, { env: { SWITCHBOARD_SECRET_KEY: newKey() } });
    expect(await refused.outcome()).toEqual({ exit: 1 });
    const line = onlyLine(refused.stderr());
    expect(line).toContain('SWITCHBOARD_SECRET_KEY');
    expect(line).toMatch(/backup/i);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('a SWITCHBOARD_SECRET_KEY or a secret.key that holds no 32-byte base64 key is one line naming it', async () => {
    const badVariable = runHubCli(serve, { env: { SWITCHBOARD_SECRET_KEY: 'not-a-key' } });
    expect(await badVariable.outcome()).toEqual({ exit: 1 });
    expect(onlyLine(badVariable.stderr())).toMatch(/SWITCHBOARD_SECRET_KEY.*32/);

    fs.mkdirSync(dataDir);
    fs.writeFileSync(keyFile, 'hunter2\n');
    const badFile = runHubCli(serve);
    expect(await badFile.outcome()).toEqual({ exit: 1 });
    expect(onlyLine(badFile.stderr())).toContain(keyFile);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe('hunter2\n');
  });

  it('a secret.key the hub may not read is one line naming the file', async () => {
    const user = unprivilegedUser();
    fs.mkdirSync(dataDir);
    fs.writeFileSync(keyFile, newKey(), { mode: 0o600 });
    giveTo(dataDir, user);
    fs.chmodSync(keyFile, 0o000);

    const refused = runHubCli(serve, { ...(user ? { user } : {}) });
    expect(await exitWithin(refused, 20_000)).toBe(1);
    const line = onlyLine(refused.stderr());
    expect(line).toContain(keyFile);
    expect(line).toMatch(/read/i);
  });
});
