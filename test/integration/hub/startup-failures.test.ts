import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitWithin, giveTo, killHubProcesses, onlyLine, runHubCli, unprivilegedUser } from '../../helpers/hub-cli.js';

const ADMIN = { SWITCHBOARD_ADMIN_EMAIL: 'boss@example.com', SWITCHBOARD_ADMIN_PASSWORD: 'boss-password-1' };

describe('a hub that cannot start says why in one line', () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-startup-'));
  });
  afterEach(() => {
    killHubProcesses();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('a data folder that cannot be created is one line naming it', async () => {
    fs.writeFileSync(path.join(base, 'a-file'), '');
    const dataDir = path.join(base, 'a-file', 'data');
    const hub = runHubCli(['--port', '0', '--data-dir', dataDir], { env: ADMIN });
    expect(await exitWithin(hub, 20_000)).toBe(1);
    expect(onlyLine(hub.stderr())).toContain(dataDir);
  });

  it('a read-only data folder is one line naming it and saying it must be writable', async () => {
    const user = unprivilegedUser();
    const dataDir = path.join(base, 'data');
    fs.mkdirSync(dataDir);
    giveTo(dataDir, user);
    fs.chmodSync(dataDir, 0o555);
    const hub = runHubCli(['--port', '0', '--data-dir', dataDir], { env: ADMIN, ...(user ? { user } : {}) });
    expect(await exitWithin(hub, 20_000)).toBe(1);
    const line = onlyLine(hub.stderr());
    expect(line).toContain(dataDir);
    expect(line).toMatch(/writ/i);
  });

  it('a port already in use is one line naming the port and the flag that changes it', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const dataDir = path.join(base, 'data');
      const hub = runHubCli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], { env: ADMIN });
      expect(await hub.outcome()).toEqual({ exit: 1 });
      const line = onlyLine(hub.stderr());
      expect(line).toContain(String(port));
      expect(line).toContain('--port');
    } finally {
      taken.close();
    }
  });

  it('an unknown flag, a flag without its value and a bad value are one line each saying what is expected', async () => {
    const dataDir = path.join(base, 'data');
    const cases: { args: string[]; says: RegExp }[] = [
      { args: ['--prot', '8080'], says: /--prot.*--port/ },
      { args: ['--data-dir'], says: /--data-dir/ },
      { args: ['--port', 'eighty'], says: /port.*eighty.*0.*65535/i },
      { args: ['--log-level', 'loud'], says: /loud.*info/ },
    ];
    for (const { args, says } of cases) {
      const hub = runHubCli([...args, ...(args[0] === '--data-dir' ? [] : ['--data-dir', dataDir])], { env: ADMIN });
      expect(await exitWithin(hub, 20_000)).toBe(1);
      expect(onlyLine(hub.stderr())).toMatch(says);
    }
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
