import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { killHubProcesses, onlyLine, runHubCli, START_TIMEOUT_MS } from '../../helpers/hub-cli.js';

function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Resolves once new connections to the hub are refused (it is shutting down). */
async function waitUntilRefused(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const req = http.get(`${url}/health`, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(false));
      });
      req.on('error', () => resolve(true));
    });
    if (refused) return;
  }
  throw new Error('the hub kept accepting connections after SIGTERM');
}

describe('the hub command', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-'));
  });
  afterEach(() => {
    killHubProcesses();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on an empty database without an admin, with a message saying what to set', async () => {
    const hub = runHubCli(['--port', '0', '--data-dir', dataDir], {
      env: { SWITCHBOARD_ADMIN_EMAIL: '', SWITCHBOARD_ADMIN_PASSWORD: '' },
    });
    expect(await hub.exit).toBe(1);
    const line = onlyLine(hub.stderr());
    expect(line).toMatch(/SWITCHBOARD_ADMIN_EMAIL/);
    expect(line).toContain(dataDir);
  });

  it('finishes an in-flight upload on SIGTERM, exits 0, and leaves a database that reopens cleanly', async () => {
    const env = { SWITCHBOARD_ADMIN_EMAIL: 'boss@example.com', SWITCHBOARD_ADMIN_PASSWORD: 'boss-password-1' };
    const hub = runHubCli(['--port', '0', '--data-dir', dataDir, '--host', '127.0.0.1'], { env });
    const url = await hub.started;
    const login = await post(
      `${url}/api/auth/login`,
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'boss@example.com', password: 'boss-password-1' }),
    );
    const { token } = LoginResponse.parse(JSON.parse(login.text));

    const bytes = Buffer.alloc(256 * 1024, 7);
    const upload = new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${url}/api/media`,
        {
          method: 'POST',
          agent: false,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'image/png',
            'x-file-name': 'a.png',
            'content-length': String(bytes.length),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(bytes.subarray(0, 1024), () => {
        hub.child.kill('SIGTERM');
        // Finish the body only once the hub stopped accepting connections: the upload is then in flight during shutdown.
        void waitUntilRefused(url).then(() => req.end(bytes.subarray(1024)), reject);
      });
    });
    expect(await upload).toBe(201);
    expect(await hub.exit).toBe(0);

    const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM media_uploads').get()).toEqual({ n: 1 });
    db.close();
  });

  it('create-admin reads the password from stdin, and the hub then starts without admin variables', async () => {
    const create = runHubCli(
      ['create-admin', '--email', 'first@example.com', '--name', 'First Admin', '--data-dir', dataDir],
      { stdin: 'first-password-1\n' },
    );
    expect(await create.exit).toBe(0);
    const hub = runHubCli(['--port', '0', '--data-dir', dataDir, '--host', '127.0.0.1']);
    const url = await hub.started;
    const login = await post(
      `${url}/api/auth/login`,
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'first@example.com', password: 'first-password-1' }),
    );
    expect(login.status).toBe(200);
    hub.child.kill('SIGINT');
    expect(await hub.exit).toBe(0);
  });
});
