import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitWithin, freePort, killHubProcesses, runHubCli, waitForHealth } from '../../helpers/hub-cli.js';

const ADMIN = { SWITCHBOARD_ADMIN_EMAIL: 'boss@example.com', SWITCHBOARD_ADMIN_PASSWORD: 'boss-password-1' };
/** Well past what a pipe, the test's unread stream buffer and the hub's own backlog of log lines hold together. */
const LOG_BYTES_TO_SEND = 6 * 1024 * 1024;
const PAD = 'x'.repeat(8000);

/** Requests whose URLs the hub logs (each "incoming request" line carries the URL), one after another. */
async function makeTheHubLog(url: string, bytes: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let sent = 0; sent < bytes; sent += PAD.length) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${url}/health?pad=${PAD}`, { agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
      });
    }
  } finally {
    agent.destroy();
  }
}

const occurrences = (text: string, pattern: RegExp): number => text.split('\n').filter((l) => pattern.test(l)).length;

describe('logging never stops the hub', () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-startup-log-'));
  });
  afterEach(() => {
    killHubProcesses();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('with its log going to a full disk (/dev/full) the hub serves, reports the failure once on stderr and stops on SIGTERM', async () => {
    const port = await freePort();
    const full = fs.openSync('/dev/full', 'w');
    try {
      const hub = runHubCli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', path.join(base, 'data')], {
        env: { ...ADMIN, SWITCHBOARD_LOG_LEVEL: 'info' },
        stdout: full,
      });
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url);
      await makeTheHubLog(url, 64 * 1024);
      await waitForHealth(url);
      hub.child.kill('SIGTERM');
      expect(await exitWithin(hub, 5000)).toBe(0);
      expect(occurrences(hub.stderr(), /log/i)).toBe(1);
      expect(hub.stderr()).toMatch(/ENOSPC/);
    } finally {
      fs.closeSync(full);
    }
  });

  it('with its log going to a pipe nobody reads the hub keeps serving, says once that it drops lines, and stops on SIGTERM', async () => {
    const port = await freePort();
    const hub = runHubCli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', path.join(base, 'data')], {
      env: { ...ADMIN, SWITCHBOARD_LOG_LEVEL: 'info' },
    });
    // The test never reads the hub's stdout: once the pipe and the stream's buffer are full, nobody takes more.
    hub.child.stdout?.pause();
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url);
    await makeTheHubLog(url, LOG_BYTES_TO_SEND);
    await waitForHealth(url, 2000);
    hub.child.kill('SIGTERM');
    expect(await exitWithin(hub, 5000)).toBe(0);
    expect(occurrences(hub.stderr(), /log/i)).toBe(1);
    expect(hub.stderr()).toMatch(/drop/i);
  });
});
