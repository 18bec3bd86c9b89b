/**
 * Runs the hub command (`npm run hub` = tsx src/hub/cli.ts) as a child
 * process, for tests of what an operator sees: start-up refusals on stderr,
 * exit codes, signals, where stdout goes. Every process started here is
 * killed by `killHubProcesses()` (call it in afterEach), so a test that
 * fails half-way leaves nothing running.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startHub } from './hub.js';

const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('src/hub/cli.ts');
/** tsx compiles the hub on each start: a few seconds on a busy two-core machine. */
export const START_TIMEOUT_MS = 20_000;
/** The user nobody: permissions do not bind root, so a test running as root runs the hub as nobody. */
const NOBODY = { uid: 65534, gid: 65534 };

export interface HubProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exit: Promise<number | null>;
  /** Resolves with the URL once stdout says "listening on …" (never, if stdout is not piped to the test). */
  readonly started: Promise<string>;
  /** Whichever comes first: the process exits, or it says it is listening. */
  outcome(): Promise<{ readonly exit: number | null } | { readonly listening: string }>;
  stdout(): string;
  stderr(): string;
}

export interface RunHubOptions {
  /** Added to the environment (SWITCHBOARD_LOG_LEVEL is warn unless set here). */
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  /** Where the hub's stdout goes: read by the test (default), or any stdio value (a file descriptor, 'ignore'). */
  readonly stdout?: 'pipe' | number | 'ignore';
  /** Run as a user that file permissions apply to (see unprivilegedUser). */
  readonly user?: { readonly uid: number; readonly gid: number };
}

const running = new Set<ChildProcess>();

export function runHubCli(args: readonly string[], options: RunHubOptions = {}): HubProcess {
  const stdio: StdioOptions = ['pipe', options.stdout ?? 'pipe', 'pipe'];
  const child = spawn(TSX, [CLI, ...args], {
    env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'warn', ...options.env },
    stdio,
    // Its own process group: tsx runs the hub as a child of its own, and killing the group ends both.
    detached: true,
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${err}`)), START_TIMEOUT_MS);
    if (options.stdout === undefined || options.stdout === 'pipe') {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    }
    void exit.then(() => clearTimeout(timer));
  });
  // Callers that only wait for the exit must not see an unhandled rejection from `started`.
  started.catch(() => undefined);
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  else child.stdin?.end();
  return {
    child,
    exit,
    started,
    outcome: () => Promise.race([exit.then((code) => ({ exit: code })), started.then((url) => ({ listening: url }))]),
    stdout: () => out,
    stderr: () => err,
  };
}

/** Kills what runHubCli started and is still running, tsx's own child process included. */
export function killHubProcesses(): void {
  for (const child of running) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch (error) {
      // ESRCH: the group ended between its exit and this call, which is what we wanted.
      if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
    }
  }
  running.clear();
}

/** The exit code, or a failure if the process is still running after `ms`. */
export async function exitWithin(hub: HubProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the hub was still running ${ms} ms later`)), ms);
  });
  try {
    return await Promise.race([hub.exit, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The one line a refusal must be: stderr holds exactly one non-empty line, prefixed with the command's name. */
export function onlyLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  const [line = ''] = lines;
  if (!line.startsWith('switchboard hub: ')) throw new Error(`not a hub message: ${line}`);
  return line;
}

export { freePort } from './free-port.js';

/** GET `url` with no keep-alive; the status, or null when the connection failed. */
export function httpGet(url: string, timeoutMs = 2000): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Polls `<url>/health` until it answers 200; fails after `timeoutMs`. */
export async function waitForHealth(url: string, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await httpGet(`${url}/health`)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/health did not answer within ${timeoutMs} ms`);
}

/**
 * A user file permissions apply to, and a data folder prepared for it: the tests' own user, or nobody when the
 * tests run as root (root reads and writes everything, so a read-only folder would not be read-only to it).
 */
export function unprivilegedUser(): { readonly uid: number; readonly gid: number } | undefined {
  return process.getuid?.() === 0 ? NOBODY : undefined;
}

/** Hands `dir` (and everything in it) to the user from unprivilegedUser, so that user can use it as a data folder. */
export function giveTo(dir: string, user: { readonly uid: number; readonly gid: number } | undefined): void {
  if (!user) return;
  // The temp folder above is created 0700 by mkdtemp: the other user must be able to reach into it.
  fs.chmodSync(path.dirname(dir), 0o755);
  const chownTree = (target: string): void => {
    fs.chownSync(target, user.uid, user.gid);
    if (fs.statSync(target).isDirectory())
      for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry));
  };
  chownTree(dir);
}

export interface SeedOptions {
  /** SWITCHBOARD_SECRET_KEY for the seeding hub; by default it creates <dataDir>/secret.key. */
  readonly secretKey?: string;
  /** Inbound messages stored on the first channel. */
  readonly messages?: number;
}

/**
 * Fills `dataDir` the way a hub in use leaves it, then stops that hub: the admin of test/helpers/hub.ts, a LINE
 * and a WhatsApp channel with sealed credentials (neither reaches out to a provider at start), and messages.
 */
export async function seedDataFolder(dataDir: string, options: SeedOptions = {}): Promise<void> {
  const t = await startHub({ dataDir, config: options.secretKey ? { secretKey: options.secretKey } : {} });
  try {
    const line = await t.createChannel({ kind: 'line' });
    await t.createChannel({ kind: 'whatsapp' });
    for (let i = 0; i < (options.messages ?? 0); i++)
      await t.ingestText(line.id, { from: `u${i % 7}`, text: `hello ${i}` });
  } finally {
    await t.stop();
  }
}
