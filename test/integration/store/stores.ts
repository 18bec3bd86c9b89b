/**
 * One contract suite, both stores: `describeStores(name, body)` declares the suite once per store kind —
 * SQLite (a hub.sqlite in a temp folder) and PostgreSQL (a database on this test process's cluster,
 * test/helpers/postgres.ts). Inside, `open()` gives a fresh, empty, migrated store; every store a test
 * opened is closed after it.
 *
 * SWITCHBOARD_TEST_STORES=sqlite or =postgres (or both, comma-separated) narrows the kinds while working on
 * one side; unset, both run. A value naming no kind is an error, never a silent skip.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { openSqliteStore } from '../../../src/hub/store/sqlite/store.js';
import { openPostgres } from '../../../src/hub/store/postgres/db.js';
import { openPostgresStore } from '../../../src/hub/store/postgres/store.js';
import { createDatabase } from '../../helpers/postgres.js';

export type StoreKind = 'sqlite' | 'postgres';

const KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];
/** Few connections per store: a suite opens many stores, one after another, on one cluster. */
const TEST_POOL_SIZE = 4;

function kinds(): readonly StoreKind[] {
  const filter = process.env.SWITCHBOARD_TEST_STORES?.trim();
  if (filter === undefined || filter === '') return KINDS;
  const wanted = filter.split(',').map((k) => k.trim());
  const unknown = wanted.filter((k) => !KINDS.includes(k as StoreKind));
  if (unknown.length > 0) {
    throw new Error(`SWITCHBOARD_TEST_STORES=${filter}: expected sqlite, postgres or both (comma-separated)`);
  }
  return KINDS.filter((k) => wanted.includes(k));
}

/** A fresh empty database (not migrated) on the shared test cluster; its postgres:// URL. */
export async function postgresUrl(): Promise<string> {
  return createDatabase();
}

let migratedTemplate: Promise<string> | null = null;

/**
 * The name of a database migrated once per process; each store's database is a copy of it (CREATE DATABASE …
 * TEMPLATE), much faster than migrating every one. Nobody stays connected to it, as a template needs.
 */
function template(): Promise<string> {
  migratedTemplate ??= (async () => {
    const url = await createDatabase();
    const db = await openPostgres({ url, poolSize: 1 });
    await db.close();
    return decodeURIComponent(new URL(url).pathname.slice(1));
  })().catch((error: unknown) => {
    migratedTemplate = null;
    throw error;
  });
  return migratedTemplate;
}

async function openFresh(kind: StoreKind, cleanups: (() => Promise<void>)[]): Promise<Store> {
  if (kind === 'postgres') {
    const url = await createDatabase({ template: await template() });
    const store = await openPostgresStore({ url, poolSize: TEST_POOL_SIZE });
    cleanups.push(() => store.close());
    return store;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
  const store = await openSqliteStore(dir);
  cleanups.push(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** describe.each over both kinds (env SWITCHBOARD_TEST_STORES=sqlite|postgres narrows it); each test gets a fresh, empty, migrated store; closed after. */
export function describeStores(
  name: string,
  body: (ctx: { readonly open: () => Promise<Store>; readonly kind: StoreKind }) => void,
): void {
  for (const kind of kinds()) {
    describe(`${name} (${kind})`, () => {
      const cleanups: (() => Promise<void>)[] = [];
      afterEach(async () => {
        const pending = cleanups.splice(0).reverse();
        for (const cleanup of pending) await cleanup();
      });
      body({ kind, open: () => openFresh(kind, cleanups) });
    });
  }
}

/**
 * For a suite of its own: `nodes()` opens two Postgres stores on one fresh database, as two hub nodes
 * would (application names `<name>-node-a` and `-b`); closed after each test.
 */
export function twoPostgresNodes(name: string, poolSize = TEST_POOL_SIZE): () => Promise<[Store, Store]> {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return async () => {
    const url = await createDatabase();
    const open = async (node: string): Promise<Store> => {
      const store = await openPostgresStore({ url, poolSize, applicationName: `${name}-node-${node}` });
      opened.push(store);
      return store;
    };
    return [await open('a'), await open('b')];
  };
}
