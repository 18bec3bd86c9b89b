import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Memory tests collect garbage before they measure, so what they see is what is still held.
          execArgv: ['--expose-gc'],
        },
      },
      {
        // The hub suites again, every hub on a fresh Postgres database of the test cluster (test/helpers/postgres.ts):
        // the hub behaves the same on both stores. The channel and client suites stay SQLite-only here: on this
        // project's 2-core CI machine they would take the run well past its budget (docs/scaling.md).
        test: {
          name: 'postgres',
          environment: 'node',
          include: ['test/integration/hub/**/*.test.ts'],
          exclude: [
            // Damages rows through better-sqlite3 in <dataDir>/hub.sqlite; Postgres has no such file.
            'test/integration/hub/corrupt-rows.test.ts',
            // Start-up checks of hub.sqlite in the data folder (missing, unreadable, not a database).
            'test/integration/hub/startup-database.test.ts',
            // Writes a newer SQLite migration version into hub.sqlite; Postgres' own numbering is checked in
            // test/integration/store/postgres-db.test.ts.
            'test/integration/hub/startup-newer-database.test.ts',
            // Builds a hub.sqlite as it was before SQLite migration 0007; Postgres starts from its own 0001.
            'test/integration/hub/canned-replies-migration.test.ts',
            // Reads the purged words back out of hub.sqlite's bytes and the files under <dataDir>/blobs; on
            // Postgres blobs live in the database (the purge itself: contact-trash.contract.test.ts on both stores).
            'test/integration/hub/contacts-trash.test.ts',
            // Expects the streamed upload as a file under <dataDir>/blobs; on Postgres blobs live in the database
            // (blobs.contract.test.ts, blobs-two-nodes.test.ts).
            'test/integration/hub/media-upload-streaming.test.ts',
            // Run hub processes of their own (cli) or choose their store themselves (databaseUrl): the same run twice.
            'test/integration/hub/cli.test.ts',
            'test/integration/hub/cli-database.test.ts',
            'test/integration/hub/startup-failures.test.ts',
            'test/integration/hub/startup-logging.test.ts',
            'test/integration/hub/startup-secret-key.test.ts',
            'test/integration/hub/blobs-two-nodes.test.ts',
            // Copies a SQLite hub into Postgres: its source hub must be SQLite.
            'test/integration/hub/migrate-to-postgres.test.ts',
          ],
          env: { SWITCHBOARD_TEST_HUB_STORE: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          execArgv: ['--expose-gc'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
