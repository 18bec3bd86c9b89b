/**
 * A real nginx in front of a test hub: a self-signed certificate made with
 * openssl, and nginx run in the foreground with everything it writes (pid,
 * logs, temp files) inside one temp folder, so it needs no /etc/nginx, no
 * /var/log and no privileges, and runs the same as root (CI) or not.
 * Missing nginx or openssl is an error that says how to install them:
 * .ci/run does, and the reverse-proxy test must never pass by skipping.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SEARCH_PATH = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];
const STOP_TIMEOUT_MS = 5000;

/** The absolute path of `program` on PATH or in the sbin folders (root's PATH has them, others' may not). */
export function requireProgram(program: string, install: string): string {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), ...SEARCH_PATH].filter((d) => d !== '');
  for (const folder of folders) {
    const candidate = path.join(folder, program);
    const stat = fs.statSync(candidate, { throwIfNoEntry: false });
    if (stat?.isFile() && (stat.mode & 0o111) !== 0) return candidate;
  }
  throw new Error(`${program} is not installed; this test needs it: ${install} (.ci/run installs it when missing)`);
}

export interface Certificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate in PEM, for clients to trust (`ca`). */
  readonly pem: string;
}

/** A self-signed certificate for hub.example.com and 127.0.0.1, valid for two days. */
export function selfSignedCertificate(dir: string): Certificate {
  const openssl = requireProgram('openssl', 'apt-get install -y openssl');
  const certFile = path.join(dir, 'fullchain.pem');
  const keyFile = path.join(dir, 'privkey.pem');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=hub.example.com',
      '-addext',
      'subjectAltName=DNS:hub.example.com,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { certFile, keyFile, pem: fs.readFileSync(certFile, 'utf8') };
}

export { freePort } from './free-port.js';

export interface Nginx {
  readonly process: ChildProcess;
  /** What nginx wrote to its error log so far (start-up problems, upstream errors). */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Wraps a site configuration (the http {} context part, as deploy/nginx/switchboard.conf is) in a main
 * configuration of our own: foreground, one process, pid, logs and temp paths in `dir`.
 */
function mainConfig(dir: string, siteFile: string): string {
  const at = (name: string) => path.join(dir, name);
  return [
    'daemon off;',
    // One process: as root a master would run workers as nobody, who may not enter the 0700 temp folder.
    'master_process off;',
    `pid ${at('nginx.pid')};`,
    `error_log ${at('error.log')} info;`,
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${at('access.log')};`,
    `  client_body_temp_path ${at('client-body')};`,
    `  proxy_temp_path ${at('proxy')};`,
    `  fastcgi_temp_path ${at('fastcgi')};`,
    `  uwsgi_temp_path ${at('uwsgi')};`,
    `  scgi_temp_path ${at('scgi')};`,
    `  include ${siteFile};`,
    '}',
    '',
  ].join('\n');
}

/** Starts nginx with `site` (the configuration text) and resolves once `ready()` holds; rejects if nginx exits first. */
export async function startNginx(dir: string, site: string, ready: () => Promise<boolean>): Promise<Nginx> {
  const nginx = requireProgram('nginx', 'apt-get install -y nginx');
  const siteFile = path.join(dir, 'switchboard.conf');
  const mainFile = path.join(dir, 'nginx.conf');
  const errorLogFile = path.join(dir, 'error.log');
  fs.writeFileSync(siteFile, site);
  fs.writeFileSync(mainFile, mainConfig(dir, siteFile));
  // -e: nginx opens its compiled-in error log (/var/log/nginx) before it reads the configuration.
  const child = spawn(nginx, ['-p', dir, '-c', mainFile, '-e', errorLogFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const errorLog = () => (fs.existsSync(errorLogFile) ? fs.readFileSync(errorLogFile, 'utf8') : '');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}${errorLog()}`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer within 15 s: ${stderr}${errorLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    process: child,
    errorLog,
    async stop() {
      if (child.exitCode !== null) return;
      // SIGQUIT: graceful shutdown; SIGKILL if it hangs on an open connection.
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
