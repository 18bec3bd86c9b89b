/**
 * HAProxy (Debian's haproxy, 2.6) in the foreground on a loopback port, running
 * deploy/haproxy/switchboard.cfg itself with only its listening address, its
 * servers and its check timing replaced, so a test exercises the example an
 * operator copies (docs/scaling.md, "Running several nodes").
 *
 * `startHaproxy` resolves once every backend has passed a health check (read
 * from HAProxy's own stats socket, not guessed from requests), and
 * `serverStatus` tells what HAProxy thinks of each node right now: a test
 * waits for a draining node to be taken out instead of sleeping.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const CONFIG = fileURLToPath(new URL('../../deploy/haproxy/switchboard.cfg', import.meta.url));
const BINARY = '/usr/sbin/haproxy';
const START_TIMEOUT_MS = 20_000;

export interface HaproxyOptions {
  /** The nodes, each `host:port` or a URL (`http://127.0.0.1:8787`); named node1, node2, … in that order. */
  readonly backends: readonly string[];
  /** What HAProxy checks on each node (default: the path deploy/haproxy/switchboard.cfg checks). */
  readonly checkPath?: string;
  /** Time between two checks of a node (default 300 ms; the example file says 2 s). */
  readonly checkIntervalMs?: number;
  /** Failed checks in a row that take a node out (default 2). */
  readonly fall?: number;
  /** Passed checks in a row that bring it back (default 2). */
  readonly rise?: number;
  /** Wait until every backend has passed a check before resolving (default true). */
  readonly waitForBackends?: boolean;
}

/** One node as HAProxy sees it: `UP`, `DOWN`, `UP 1/2` (going down), `DOWN 1/2` (coming up), `MAINT`, … */
export interface ServerStatus {
  readonly name: string;
  readonly status: string;
  /** The last check's result: `L7OK`, `L7STS` (a status other than 200), `L4CON` (refused), `INI` (none yet), … */
  readonly check: string;
}

export interface Haproxy {
  /** `http://127.0.0.1:<port>`: send requests here. */
  readonly url: string;
  /** The configuration HAProxy runs (for a failure message). */
  readonly config: string;
  /** Every backend's state, in the order of `backends`. */
  serverStatus(): Promise<ServerStatus[]>;
  /** Resolves once `predicate` holds for the backends' states; fails after `timeoutMs`. */
  waitForServers(predicate: (servers: ServerStatus[]) => boolean, timeoutMs?: number): Promise<ServerStatus[]>;
  /** What HAProxy wrote on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

const hostPort = (backend: string): string => (/^\w+:\/\//.test(backend) ? new URL(backend).host : backend);

function replaceOne(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`${CONFIG}: no line matching ${String(pattern)} to replace`);
  return text.replace(pattern, replacement);
}

/** deploy/haproxy/switchboard.cfg for this run: loopback bind, these servers, this check, a stats socket. */
export function haproxyTestConfig(
  port: number,
  socket: string,
  options: Omit<HaproxyOptions, 'waitForBackends'>,
): string {
  const { backends, checkPath, checkIntervalMs = 300, fall = 2, rise = 2 } = options;
  if (backends.length === 0) throw new Error('startHaproxy: no backends');
  let text = fs.readFileSync(CONFIG, 'utf8');
  text = replaceOne(text, /^(\s*)bind \*:80$/m, `$1bind 127.0.0.1:${port}`);
  if (checkPath !== undefined)
    text = replaceOne(text, /^(\s*)option httpchk GET \S+$/m, `$1option httpchk GET ${checkPath}`);
  text = replaceOne(
    text,
    /^(\s*)default-server check inter \S+ fall \d+ rise \d+$/m,
    `$1default-server check inter ${checkIntervalMs}ms fall ${fall} rise ${rise}`,
  );
  // The stats socket the helper reads the servers' states from (the example file has none).
  text = replaceOne(text, /^global$/m, `global\n    stats socket ${socket} mode 600 level operator`);
  const lines = text.split('\n').filter((line) => !/^\s*server node\d+ /.test(line));
  while (lines.at(-1) === '') lines.pop();
  const servers = backends.map((backend, i) => `    server node${i + 1} ${hostPort(backend)}`);
  return `${[...lines, ...servers].join('\n')}\n`;
}

/** One command on HAProxy's stats socket; its whole answer. */
function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socket);
    let answer = '';
    connection.setEncoding('utf8');
    connection.on('connect', () => connection.end(`${command}\n`));
    connection.on('data', (chunk: string) => (answer += chunk));
    connection.on('end', () => resolve(answer));
    connection.on('error', reject);
  });
}

/** `show stat` (CSV) reduced to the servers of the backend, in file order. */
async function readServers(socket: string, count: number): Promise<ServerStatus[]> {
  const csv = await statsCommand(socket, 'show stat');
  const [header = '', ...rows] = csv.split('\n').filter((line) => line.trim() !== '');
  const columns = header.replace(/^#\s*/, '').split(',');
  const at = (name: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`HAProxy's show stat has no ${name} column: ${header}`);
    return index;
  };
  const [svname, status, check] = [at('svname'), at('status'), at('check_status')];
  const byName = new Map<string, ServerStatus>();
  for (const row of rows) {
    const fields = row.split(',');
    const name = fields[svname] ?? '';
    if (/^node\d+$/.test(name))
      byName.set(name, { name, status: fields[status] ?? '', check: (fields[check] ?? '').replace(/^\*/, '') });
  }
  return Array.from({ length: count }, (_, i) => {
    const name = `node${i + 1}`;
    return byName.get(name) ?? { name, status: 'MISSING', check: '' };
  });
}

/** Every node up, and its state earned by a passed check rather than assumed at start. */
export const allUp = (servers: ServerStatus[]): boolean =>
  servers.every((s) => s.status === 'UP' && s.check === 'L7OK');

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-haproxy-'));
  const port = await freePort();
  const socket = path.join(dir, 'stats.sock');
  const config = haproxyTestConfig(port, socket, options);
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, config);

  const child = spawn(BINARY, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const serverStatus = (): Promise<ServerStatus[]> => readServers(socket, options.backends.length);
  const waitForServers = async (
    predicate: (servers: ServerStatus[]) => boolean,
    timeoutMs = START_TIMEOUT_MS,
  ): Promise<ServerStatus[]> => {
    const deadline = Date.now() + timeoutMs;
    let last: ServerStatus[] | string = 'no answer yet';
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`HAProxy exited with ${exitCode}: ${err.slice(-1500)}`);
      try {
        last = await serverStatus();
        if (predicate(last)) return last;
      } catch (error) {
        // The socket is not there until HAProxy has read its configuration.
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `HAProxy's servers never reached the expected state within ${timeoutMs} ms: ${JSON.stringify(last)}`,
    );
  };

  try {
    if (options.waitForBackends ?? true) await waitForServers(allUp);
    else await waitForServers(() => true);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, config, serverStatus, waitForServers, stderr: () => err, stop };
}
