/**
 * A real PostgreSQL cluster for tests, from Debian's postgresql package
 * (/usr/lib/postgresql/<version>/bin; 15 preferred). Nothing of the machine's
 * own Postgres is used: initdb makes a fresh cluster in a temp folder and
 * `postgres` serves it on 127.0.0.1 only, on a free port, with its unix socket
 * inside that folder, so the tests need no running service and no settings.
 *
 * Authentication is `trust` (initdb -A trust): any local user may connect as
 * the `postgres` superuser without a password. That is acceptable only because
 * the cluster listens on the loopback address alone, lives for one test
 * process and holds nothing but test data; never copy it to a real server.
 *
 * initdb and postgres refuse to run as root, and CI runs as root: then the
 * folder is given to the `postgres` user (which the package creates) and both
 * run through `runuser -u postgres --`. As any other user they run directly.
 *
 * One cluster per test process (`sharedPostgres`), started on first use and
 * reused by every test of the file; `createDatabase()` gives each caller a
 * fresh empty database on it. The cluster stops and its folder is deleted
 * when `stopPostgres()` is called or the process ends, however it ends: a
 * small watchdog shell holds a pipe from this process and cleans up when the
 * pipe closes, which also happens when the test process is killed.
 *
 * Durability: the shared test cluster runs with fsync, synchronous_commit and
 * full_page_writes off (its data is thrown away). A benchmark must measure a
 * durable database: `startPostgres({ durable: true })` keeps the defaults.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './nginx.js';

const PREFERRED_VERSION = '15';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;
const INSTALL = "install Debian's postgresql package (apt-get install -y postgresql; .ci/run does it when missing)";

export interface PostgresOptions {
  /** fsync and synchronous commit as a real server has them (benchmarks); off by default (tests). */
  readonly durable?: boolean;
  /** More `-c name=value` server settings (they override the defaults below). */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface PostgresCluster {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The temp folder holding data/, the socket and postgres.log. */
  readonly dir: string;
  /** postgres://postgres@127.0.0.1:<port>/postgres — the superuser on the maintenance database. */
  readonly adminUrl: string;
  /** A URL for the database `name` on this cluster. */
  urlOf(name: string): string;
  /** A fresh empty database (or a copy of `template`, a database nobody is connected to); its URL. */
  createDatabase(options?: { readonly template?: string }): Promise<string>;
  /** What the server wrote so far (start-up problems, errors). */
  log(): string;
  /** Stops the server (immediate shutdown) and deletes the folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The bin folder of Debian's postgresql package: version 15 when present, else the newest installed. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const hasInitdb = (version: string) => fs.existsSync(path.join(root, version, 'bin', 'initdb'));
  if (hasInitdb(PREFERRED_VERSION)) return path.join(root, PREFERRED_VERSION, 'bin');
  const versions = (fs.existsSync(root) ? fs.readdirSync(root) : [])
    .filter(hasInitdb)
    .sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (newest === undefined) throw new Error(`PostgreSQL is not installed (no ${root}/*/bin/initdb): ${INSTALL}`);
  return path.join(root, newest, 'bin');
}

interface RunAs {
  /** The command line that runs `program args` as the cluster's owner. */
  command(program: string, args: readonly string[]): [string, string[]];
  /** Gives `dir` to the cluster's owner. */
  own(dir: string): void;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { command: (program, args) => [program, [...args]], own: () => undefined };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error(`running as root, and there is no postgres user to run PostgreSQL as: ${INSTALL}`);
  }
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => fs.existsSync(p));
  if (runuser === undefined)
    throw new Error('running as root without runuser (util-linux) to start PostgreSQL as postgres');
  return {
    command: (program, args) => [runuser, ['-u', 'postgres', '--', program, ...args]],
    own: (dir) => fs.chownSync(dir, uid, gid),
  };
}

/**
 * Cleans up when its stdin closes (this process ended or `stop` closed it): immediate shutdown of the
 * postmaster named in postmaster.pid (or of the process we spawned, if it never wrote one), then the
 * folder, unless the last words on stdin were "keep" (a start on another port follows).
 */
const WATCHDOG = `
dir="$1"; spawned="$2"
said=$(cat)
pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
[ -n "$pid" ] || pid="$spawned"
kill -QUIT "$pid" 2>/dev/null
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL "$pid" "$spawned" 2>/dev/null
[ "$said" = keep ] || rm -rf "$dir"
`;

function serverSettings(dir: string, port: number, options: PostgresOptions): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    max_connections: '200',
    // Every failure says why in postgres.log; nothing else is logged.
    log_min_messages: 'warning',
    ...(options.durable
      ? {}
      : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', shared_buffers: '32MB' }),
    ...options.settings,
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts a new cluster of its own (most tests want `createDatabase()` on the shared one instead). */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const as = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-pg-'));
  as.own(dir);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  try {
    const [initdb, initdbArgs] = as.command(path.join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    execFileSync(initdb, initdbArgs, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? String(error);
    throw new Error(`initdb failed: ${stderr.trim()}`);
  }
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

  let lastFailure = '';
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    const logFd = fs.openSync(logFile, 'a');
    const [program, args] = as.command(path.join(bin, 'postgres'), [
      '-D',
      dataDir,
      ...serverSettings(dir, port, options),
    ]);
    const server = spawn(program, args, { cwd: dir, stdio: ['ignore', logFd, logFd], detached: true });
    fs.closeSync(logFd);
    server.unref();
    const watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', dir, String(server.pid ?? '')], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    watchdog.unref();
    (watchdog.stdin as unknown as { unref(): void }).unref();
    const urlOf = (name: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    const adminUrl = urlOf('postgres');
    if (await waitUntilReady(server, adminUrl)) {
      return cluster(dir, port, urlOf, log, watchdog);
    }
    lastFailure = log();
    await stopWatchdog(watchdog, 'keep');
    if (!/could not bind|address already in use/i.test(lastFailure)) break;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`PostgreSQL did not start: ${lastFailure.trim().split('\n').slice(-8).join('\n')}`);
}

async function waitUntilReady(server: ChildProcess, adminUrl: string): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) return false;
    if (await acceptsConnections(adminUrl)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Closes the watchdog's pipe: it shuts the server down and deletes the folder (unless told to keep it). */
async function stopWatchdog(watchdog: ChildProcess, say = ''): Promise<void> {
  if (watchdog.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => watchdog.once('exit', () => resolve()));
  watchdog.ref();
  watchdog.stdin?.end(say);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
  clearTimeout(timer);
}

function cluster(
  dir: string,
  port: number,
  urlOf: (name: string) => string,
  log: () => string,
  watchdog: ChildProcess,
): PostgresCluster {
  const adminUrl = urlOf('postgres');
  let created = 0;
  let stopped: Promise<void> | null = null;
  return {
    host: '127.0.0.1',
    port,
    dir,
    adminUrl,
    urlOf,
    log,
    async createDatabase(options = {}) {
      const name = `test_${process.pid}_${++created}`;
      const template = options.template === undefined ? '' : ` TEMPLATE "${options.template.replaceAll('"', '""')}"`;
      // A connection per call: an idle one kept open would keep a script's process alive.
      const client = new pg.Client({ connectionString: adminUrl });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"${template}`);
      } finally {
        await client.end().catch(() => undefined);
      }
      return urlOf(name);
    },
    stop() {
      stopped ??= stopWatchdog(watchdog);
      return stopped;
    },
  };
}

let shared: Promise<PostgresCluster> | null = null;

/** The test process's cluster, started on first use. */
export function sharedPostgres(): Promise<PostgresCluster> {
  shared ??= startPostgres().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

/** A postgres:// URL of a fresh, empty database on the test process's cluster. */
export async function createDatabase(options?: { readonly template?: string }): Promise<string> {
  return (await sharedPostgres()).createDatabase(options);
}

/** Stops the shared cluster now (it also stops by itself when the process ends). */
export async function stopPostgres(): Promise<void> {
  const running = shared;
  shared = null;
  if (running) await (await running.catch(() => null))?.stop();
}
