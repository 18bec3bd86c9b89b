/**
 * `npm run hub` — runs the hub until SIGINT/SIGTERM.
 * `npm run hub -- create-admin --email a@b.c [--name "A B"]` — adds an admin;
 * the password comes from SWITCHBOARD_ADMIN_PASSWORD or stdin, never a flag
 * (flags end up in shell history and process lists).
 */
import { AppError } from '../shared/errors.js';
import { parseCommandLine, type HubConfig } from './config.js';
import { DEMO_EXTENSION, PROVIDER_EXTENSIONS } from './provider-integration.js';
import { createHub } from './server.js';

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
  const hub = createHub({ config: { ...config, logLevel: 'warn' }, extensions: [] });
  try {
    const agent = await hub.services.agents.createAdmin(email, name ?? 'Administrator', password);
    console.log(`Admin ${agent.email} created (id ${agent.id}).`);
  } finally {
    await hub.stop();
  }
}

async function serve(config: HubConfig): Promise<void> {
  if (config.demo && !DEMO_EXTENSION)
    throw new AppError('VALIDATION_FAILED', 'Demo mode is not available in this build.');
  const extensions = config.demo && DEMO_EXTENSION ? [...PROVIDER_EXTENSIONS, DEMO_EXTENSION] : PROVIDER_EXTENSIONS;
  const hub = createHub({ config, extensions });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    hub.log.info({ signal }, 'shutting down');
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        hub.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
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

async function main(): Promise<void> {
  const { command, config, adminEmail, adminName } = parseCommandLine(process.argv.slice(2), process.env);
  if (command === 'create-admin') await createAdmin(config, adminEmail, adminName);
  else await serve(config);
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? `switchboard hub: ${error.message}` : error);
  process.exit(1);
});
