/**
 * `npm run hub` — runs the hub until SIGINT/SIGTERM.
 * `npm run hub -- create-admin --email a@b.c [--name "A B"]` — adds an admin;
 * the password comes from SWITCHBOARD_ADMIN_PASSWORD or stdin, never a flag
 * (flags end up in shell history and process lists).
 * `npm run hub -- backup --to <file>` — a checked copy of the database, safe
 * while the hub runs (src/hub/store/backup.ts).
 * `npm run hub -- migrate-to-postgres --database postgres://… [--data-dir d] [--blob-dir d]` — copies a
 * stopped SQLite hub into an empty Postgres database, checked (src/hub/store/migrate-to-postgres.ts).
 * Whatever stops a command is one line on stderr — what failed, where, what
 * to do — and exit code 1; never a stack trace.
 */
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import { parseCommandLine, type HubConfig } from './config.js';
import { logDestination } from './log-destination.js';
import { DEMO_EXTENSION, PROVIDER_EXTENSIONS } from './providers/provider-integration.js';
import { createHub } from './server.js';
import { unexpectedFailure } from './startup-failure.js';
import { backupDatabase } from './store/sqlite/backup.js';
import { migrateToPostgres, summarize } from './store/migrate-to-postgres.js';

/** How long an exit waits for log lines queued for a slow reader: a reader that never reads must not hold it. */
const LOG_FLUSH_TIMEOUT_MS = 1000;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password for the new admin (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function createAdmin(config: HubConfig, email: string | null, name: string | null): Promise<void> {
  if (!email) throw new AppError('VALIDATION_FAILED', 'create-admin needs --email (or SWITCHBOARD_ADMIN_EMAIL).');
  const password = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? (await readStdin());
  const hub = await createHub({ config: { ...config, logLevel: 'warn' }, extensions: [] });
  try {
    const agent = await hub.services.agents.createAdmin(email, name ?? 'Administrator', password);
    console.log(`Admin ${agent.email} created (id ${agent.id}).`);
  } finally {
    await hub.stop();
  }
}

function backup(config: HubConfig, target: string | null): void {
  if (!target) throw new AppError('VALIDATION_FAILED', 'backup needs --to <file>: where to write the copy');
  const result = backupDatabase(config.dataDir, target);
  const key =
    config.secretKey === null
      ? `the secret key ${path.join(config.dataDir, 'secret.key')}`
      : 'the secret key in SWITCHBOARD_SECRET_KEY';
  const megabytes = (result.bytes / 1_000_000).toFixed(1);
  console.log(`Backed up ${result.source} to ${result.target} (${megabytes} MB, passes quick_check).`);
  console.log(
    `Back up too, separately: ${key} (without it the channel credentials in the copy cannot be opened; ` +
      `keep it apart from the database copies) and the media folder ${path.join(config.dataDir, 'blobs')} ` +
      '(copy it after the database, e.g. rsync -a). See "Backups" in docs/hub.md.',
  );
}

async function migrate(config: HubConfig): Promise<void> {
  if (!config.databaseUrl) {
    throw new AppError(
      'VALIDATION_FAILED',
      'migrate-to-postgres needs --database postgres://… (or SWITCHBOARD_DATABASE_URL): the empty database to copy into',
    );
  }
  const report = await migrateToPostgres({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    ...(config.blobDir === undefined ? {} : { targetBlobDir: config.blobDir }),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(summarize(report));
}

async function serve(config: HubConfig): Promise<void> {
  if (config.demo && !DEMO_EXTENSION)
    throw new AppError('VALIDATION_FAILED', 'Demo mode is not available in this build.');
  const extensions = config.demo && DEMO_EXTENSION ? [...PROVIDER_EXTENSIONS, DEMO_EXTENSION] : PROVIDER_EXTENSIONS;
  const hub = await createHub({ config, extensions });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    hub.log.info({ signal }, 'shutting down');
    hub.stop().then(
      () => exit(0),
      (error: unknown) => {
        hub.log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await hub.start();
  } catch (error) {
    await hub.stop();
    throw error;
  }
  console.log(`Switchboard hub listening on ${hub.url} (data in ${config.dataDir})`);
}

/** Exits once queued log lines are out, or after LOG_FLUSH_TIMEOUT_MS. */
function exit(code: number): void {
  void logDestination()
    .flush(LOG_FLUSH_TIMEOUT_MS)
    .then(() => process.exit(code));
}

async function main(): Promise<void> {
  const { command, config, adminEmail, adminName, backupTo } = parseCommandLine(process.argv.slice(2), process.env);
  if (command === 'serve') return serve(config);
  if (command === 'create-admin') await createAdmin(config, adminEmail, adminName);
  else if (command === 'migrate-to-postgres') await migrate(config);
  else backup(config, backupTo);
  exit(0);
}

main().catch((error: unknown) => {
  const message = error instanceof AppError ? error.message : unexpectedFailure(error);
  console.error(`switchboard hub: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
});
