/**
 * One hub node of the two-node figure: the real hub (src/hub/server.ts) on
 * the Postgres database it is given, with the provider extension, on
 * 127.0.0.1 and a free port; its own process like a node on its own
 * machine. Prints "listening on <url>" and runs until SIGTERM.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultConfig } from '../../src/hub/config.js';
import { createProviderExtension } from '../../src/hub/providers/provider-integration.js';
import { createHub } from '../../src/hub/server.js';

const NodeConfig = z.object({ databaseUrl: z.string(), secretKey: z.string() });
const { databaseUrl, secretKey } = NodeConfig.parse(JSON.parse(process.env['BENCH_HUB_NODE'] ?? '{}'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-node-'));
const hub = await createHub({
  config: { ...defaultConfig(dataDir), host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl, secretKey },
  extensions: [createProviderExtension()],
});
await hub.start();
process.stdout.write(`listening on ${hub.url}\n`);
process.once('SIGTERM', () => {
  void hub.stop().finally(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
