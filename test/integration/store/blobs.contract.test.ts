/**
 * The blob store contract (src/hub/store/ports/blobs.ts), on both stores: files in a folder (FileBlobStore,
 * an SQLite hub's and a shared folder's) and Postgres (PostgresBlobStore, chunked rows). Each test gets an
 * empty store; "another node" is a second store on the same folder or database.
 *
 * The Postgres store runs with 64 KB chunks here, so a file of a few hundred KB already spans several
 * chunks and ranges cross their boundaries; one test streams 16 MB through the default chunk size.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import { FileBlobStore } from '../../../src/hub/store/blob-files.js';
import { PostgresBlobStore } from '../../../src/hub/store/postgres/blobs.js';
import { openPostgres, type PgDb } from '../../../src/hub/store/postgres/db.js';
import type { BlobStore } from '../../../src/hub/store/ports/blobs.js';
import { postgresUrl } from './stores.js';

type BlobKind = 'file' | 'postgres';
const TEST_CHUNK = 64 * 1024;
const MB = 1024 * 1024;

/** SWITCHBOARD_TEST_STORES=sqlite|postgres narrows the run as for the other contract tests (sqlite = files). */
const kinds: BlobKind[] = (['file', 'postgres'] as const).filter((kind) => {
  const only = process.env.SWITCHBOARD_TEST_STORES;
  return !only || only === (kind === 'file' ? 'sqlite' : 'postgres');
});

interface Harness {
  readonly blobs: BlobStore;
  /** Another node on the same storage. */
  readonly otherNode: () => Promise<BlobStore>;
  /** Everything stored, finished or not: file names under the folder, or row counts per table. */
  readonly residue: () => Promise<Record<string, number>>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(kind: BlobKind, options: { readonly defaultChunks?: boolean } = {}): Promise<Harness> {
  if (kind === 'file') {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-blobs-'));
    cleanups.push(async () => fs.rmSync(root, { recursive: true, force: true }));
    return {
      blobs: new FileBlobStore(root),
      otherNode: async () => new FileBlobStore(root),
      residue: async () => {
        const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
        const inTmp = files.filter((entry) => path.basename(entry.parentPath) === 'tmp').length;
        return { stored: files.length - inTmp, tmp: inTmp };
      },
    };
  }
  const url = await postgresUrl();
  const dbs: PgDb[] = [];
  const connect = async () => {
    const db = await openPostgres({ url, poolSize: 4 });
    dbs.push(db);
    return new PostgresBlobStore(db, options.defaultChunks ? {} : { chunkBytes: TEST_CHUNK });
  };
  cleanups.push(async () => {
    for (const db of dbs) await db.close();
  });
  const blobs = await connect();
  const db = dbs[0] as PgDb;
  return {
    blobs,
    // Another node opens the store as a hub does: a pool of its own, closed with the store.
    otherNode: async () => {
      const other = await PostgresBlobStore.connect({ url }, options.defaultChunks ? {} : { chunkBytes: TEST_CHUNK });
      cleanups.push(() => other.close());
      return other;
    },
    residue: async () => {
      const [row] = await db.query<{ blobs: number; chunks: number; uploads: number }>(
        `SELECT (SELECT count(*) FROM blobs)::int AS blobs, (SELECT count(*) FROM blob_chunks)::int AS chunks,
                (SELECT count(*) FROM blob_uploads)::int AS uploads`,
      );
      return { ...row };
    },
  };
}

/** Deterministic, incompressible-looking bytes. */
function bytesOf(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Same length and same bytes (a deep equality over hundreds of thousands of elements would be slow). */
function expectSameBytes(got: Buffer, want: Buffer, what = 'bytes'): void {
  expect({ length: got.length, sha256: sha256Of(got) }, what).toEqual({ length: want.length, sha256: sha256Of(want) });
}

/** A source that hands `bytes` over in pieces of `piece` bytes (odd sizes, so pieces straddle chunks). */
function piecesOf(bytes: Buffer, piece = 10_007): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
    })(),
  );
}

async function drain(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(kinds)('blob store on %s', (kind) => {
  it('gives back the same bytes it was given, whole or streamed, from this node and another', async () => {
    const { blobs, otherNode } = await open(kind);
    const small = Buffer.from('a customer’s photo, in a few bytes');
    const large = bytesOf(300_000, 2);

    expect(await blobs.put(small)).toEqual({ sha256: sha256Of(small), size: small.length });
    expect(await blobs.putStream(piecesOf(large), MB)).toEqual({ sha256: sha256Of(large), size: large.length });

    const other = await otherNode();
    for (const store of [blobs, other]) {
      expectSameBytes(await store.read(sha256Of(small)), small);
      expectSameBytes(await drain(await store.stream(sha256Of(large))), large);
      expectSameBytes(await store.read(sha256Of(large)), large);
      expect(await store.stat(sha256Of(large))).toEqual({ sha256: sha256Of(large), size: large.length });
      expect(await store.has(sha256Of(small))).toBe(true);
    }
  });

  it('stores an empty file', async () => {
    const { blobs } = await open(kind);
    const stored = await blobs.putStream(Readable.from([]), MB);
    expect(stored).toEqual({ sha256: sha256Of(Buffer.alloc(0)), size: 0 });
    expectSameBytes(await blobs.read(stored.sha256), Buffer.alloc(0));
    expectSameBytes(await drain(await blobs.stream(stored.sha256)), Buffer.alloc(0));
  });

  it('serves ranges, across chunk boundaries, clamped to the end of the file', async () => {
    const { blobs } = await open(kind);
    const bytes = bytesOf(200_000, 3);
    const { sha256 } = await blobs.putStream(piecesOf(bytes), MB);
    const cases: [number, number][] = [
      [0, 0],
      [0, 99],
      [TEST_CHUNK - 10, TEST_CHUNK + 10],
      [1000, 3 * TEST_CHUNK + 5],
      [199_999, 199_999],
      [150_000, 10_000_000],
    ];
    for (const [start, end] of cases) {
      const got = await drain(await blobs.stream(sha256, { start, end }));
      expectSameBytes(got, bytes.subarray(start, end + 1), `bytes ${start}-${end}`);
    }
    expect((await drain(await blobs.stream(sha256, { start: 200_000, end: 200_100 }))).length).toBe(0);
    expect((await rejection(blobs.stream(sha256, { start: 10, end: 5 }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(blobs.stream(sha256, { start: -1, end: 5 }))).code).toBe('VALIDATION_FAILED');
  });

  it('refuses a stream past its limit with ATTACHMENT_TOO_LARGE and keeps nothing of it', async () => {
    const { blobs, residue } = await open(kind);
    const before = await residue();
    const source = piecesOf(bytesOf(500_000, 4));
    const error = await rejection(blobs.putStream(source, 200_000));
    expect(error.code).toBe('ATTACHMENT_TOO_LARGE');
    expect(error.message).toContain('limit 0.2 MB');
    expect(source.destroyed).toBe(true);
    expect(await residue()).toEqual(before);
    expect(await blobs.has(sha256Of(bytesOf(200_000, 4)))).toBe(false);
  });

  it('a source that fails mid-way leaves nothing, and exactly the limit is accepted', async () => {
    const { blobs, residue } = await open(kind);
    const before = await residue();
    const failing = new PassThrough();
    const pending = blobs.putStream(failing, MB);
    failing.write(bytesOf(150_000, 5));
    setImmediate(() => failing.destroy(new Error('the provider hung up')));
    await expect(pending).rejects.toThrow('the provider hung up');
    expect(await residue()).toEqual(before);

    const exact = bytesOf(100_000, 6);
    expect((await blobs.putStream(piecesOf(exact), exact.length)).size).toBe(exact.length);
  });

  it('a stream is not visible under its name until all of it is written', async () => {
    const { blobs, otherNode } = await open(kind);
    const bytes = bytesOf(300_000, 7);
    const sha256 = sha256Of(bytes);
    const other = await otherNode();
    const source = new PassThrough();
    const pending = blobs.putStream(source, MB);
    source.write(bytes.subarray(0, 200_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await other.has(sha256)).toBe(false);
    expect(await other.stat(sha256)).toBeNull();
    source.end(bytes.subarray(200_000));
    await pending;
    expectSameBytes(await other.read(sha256), bytes);
  });

  it('stores the same content once, however it arrives, and however many at the same time', async () => {
    const { blobs, otherNode, residue } = await open(kind);
    const bytes = bytesOf(250_000, 8);
    const other = await otherNode();
    const results = await Promise.all([
      blobs.putStream(piecesOf(bytes, 7_001), MB),
      other.putStream(piecesOf(bytes, 65_536), MB),
      blobs.put(bytes),
      other.put(bytes),
      blobs.putStream(piecesOf(bytes, 99_999), MB),
    ]);
    for (const result of results) expect(result).toEqual({ sha256: sha256Of(bytes), size: bytes.length });
    await blobs.put(bytes);
    expect(await residue()).toEqual(
      kind === 'file' ? { stored: 1, tmp: 0 } : { blobs: 1, chunks: Math.ceil(bytes.length / TEST_CHUNK), uploads: 0 },
    );
    expectSameBytes(await other.read(sha256Of(bytes)), bytes);
  });

  it('removes a blob: gone from every node, and a second removal says it was not there', async () => {
    const { blobs, otherNode, residue } = await open(kind);
    const empty = await residue();
    const bytes = bytesOf(150_000, 9);
    const { sha256 } = await blobs.put(bytes);
    const other = await otherNode();
    expect(await other.remove(sha256)).toBe(true);
    expect(await other.remove(sha256)).toBe(false);
    expect(await blobs.has(sha256)).toBe(false);
    expect(await blobs.stat(sha256)).toBeNull();
    expect((await rejection(blobs.read(sha256))).code).toBe('NOT_FOUND');
    expect((await rejection(blobs.stream(sha256))).code).toBe('NOT_FOUND');
    expect(await residue()).toEqual(empty);
    // Stored again after its removal, it is whole again.
    await blobs.putStream(piecesOf(bytes), MB);
    expectSameBytes(await other.read(sha256), bytes);
  });

  it('a download closed half-way leaves the store serving (nothing held open)', async () => {
    const { blobs } = await open(kind);
    const bytes = bytesOf(400_000, 13);
    const { sha256 } = await blobs.put(bytes);
    // More abandoned downloads than the test pool has connections.
    for (let i = 0; i < 10; i++) {
      const stream = await blobs.stream(sha256);
      for await (const part of stream) {
        expect((part as Buffer).length).toBeGreaterThan(0);
        break;
      }
      expect(stream.destroyed).toBe(true);
    }
    expectSameBytes(await drain(await blobs.stream(sha256)), bytes);
  });

  it('refuses a name that is not a sha256', async () => {
    const { blobs } = await open(kind);
    for (const name of ['../hub.sqlite', 'ABC', `${'a'.repeat(63)}/`, '']) {
      expect((await rejection(blobs.has(name))).code).toBe('VALIDATION_FAILED');
      expect((await rejection(blobs.stream(name))).code).toBe('VALIDATION_FAILED');
      expect((await rejection(blobs.remove(name))).code).toBe('VALIDATION_FAILED');
    }
  });

  it('streams a 16 MB file through the default chunk size', async () => {
    const { blobs } = await open(kind, { defaultChunks: true });
    const bytes = bytesOf(16 * MB, 10);
    const { sha256 } = await blobs.putStream(piecesOf(bytes, 64 * 1024), 16 * MB);
    const hash = createHash('sha256');
    let pieces = 0;
    for await (const part of await blobs.stream(sha256)) {
      hash.update(part as Buffer);
      pieces += 1;
    }
    expect(hash.digest('hex')).toBe(sha256);
    // Streamed out a piece at a time, never as one 16 MB value.
    expect(pieces).toBeGreaterThanOrEqual(16);
    const tail = await drain(await blobs.stream(sha256, { start: 16 * MB - 3, end: 16 * MB }));
    expect([...tail]).toEqual([...bytes.subarray(16 * MB - 3)]);
  });
});

describe.runIf(kinds.includes('postgres'))('blob store on postgres: uploads a dead node left behind', () => {
  it('are swept when a node opens the store a day later, and a finished blob is untouched', async () => {
    const url = await postgresUrl();
    const db = await openPostgres({ url, poolSize: 4 });
    cleanups.push(() => db.close());
    let now = Date.UTC(2026, 0, 1);
    const blobs = new PostgresBlobStore(db, { chunkBytes: TEST_CHUNK, now: () => now });
    const kept = await blobs.put(bytesOf(100_000, 11));

    const source = new PassThrough();
    const dying = blobs.putStream(source, MB);
    source.write(bytesOf(200_000, 12));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const counts = async () =>
      (
        await db.query<{ chunks: number; uploads: number }>(
          `SELECT (SELECT count(*) FROM blob_chunks WHERE sha256 LIKE 'upload-%')::int AS chunks,
                  (SELECT count(*) FROM blob_uploads)::int AS uploads`,
        )
      )[0];
    expect((await counts())?.uploads).toBe(1);
    expect((await counts())?.chunks).toBeGreaterThan(0);

    now += 60 * 60 * 1000;
    await PostgresBlobStore.open(db, { now: () => now });
    expect((await counts())?.uploads).toBe(1);

    now += 24 * 60 * 60 * 1000;
    await PostgresBlobStore.open(db, { now: () => now });
    expect(await counts()).toEqual({ chunks: 0, uploads: 0 });
    expectSameBytes(await blobs.read(kept.sha256), bytesOf(100_000, 11));

    source.destroy(new Error('the node died'));
    await expect(dying).rejects.toThrow('the node died');
  });
});
