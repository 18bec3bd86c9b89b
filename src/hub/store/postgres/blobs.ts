/**
 * Blobs in Postgres (migration 0002-blobs), so every hub node serves every
 * file and a node's death loses none (docs/scaling.md). A blob is a `blobs`
 * row (sha256, size, chunk size) and its bytes in `blob_chunks`, fixed-size
 * chunks numbered from 0 (the last one shorter): a 16 MB file is never one
 * huge value, it is written, read and streamed a chunk at a time, and a range
 * reads only the chunks it covers.
 *
 * Visible only when complete: bytes in memory are written in one transaction
 * with their `blobs` row; a stream is written chunk by chunk under an upload
 * id (a `blob_uploads` row, never a sha256), and its chunks are renamed to
 * the content's sha256 in the transaction that inserts the `blobs` row. A
 * second writer of the same content waits on that row's key and then drops
 * its own chunks, so the content is stored once. Uploads a dead node left
 * behind are swept when a node opens the store.
 *
 * It uses the pool directly, never the caller's transaction (ports/blobs.ts):
 * a slow upload must not hold a transaction open.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { meter, sha256Of } from '../blob-meter.js';
import {
  blobNotFound,
  checkSha256,
  clampRange,
  type BlobSource,
  type BlobStore,
  type ByteRange,
  type StoredBlob,
} from '../ports/blobs.js';
import { openPostgres, type PgDb, type PostgresOptions } from './db.js';

/**
 * 512 KB: large enough that a 16 MB file is 32 round trips, small enough that a stream holds at most a chunk
 * or two in memory per reader and a row never nears the protocol's and TOAST's comfortable sizes.
 */
export const BLOB_CHUNK_BYTES = 512 * 1024;
/**
 * Connections of the pool a hub's blob store opens for itself (`connect`): downloads and uploads of large
 * files then never wait behind, nor hold up, the connections requests and their transactions use.
 */
export const BLOB_POOL_SIZE = 4;
/** An upload not finished after this long was left by a node that died (uploads take seconds, not hours). */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface PostgresBlobOptions {
  readonly chunkBytes?: number;
  readonly now?: () => number;
}

interface BlobRow {
  readonly size: number | string;
  readonly chunk_size: number | string;
}

export class PostgresBlobStore implements BlobStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly chunkBytes: number;
  private readonly now: () => number;
  /** The database this store opened for itself (`connect`), closed with it; a PgDb it was given is not. */
  private owned: PgDb | null = null;

  constructor(db: PgDb, options: PostgresBlobOptions = {}) {
    this.pool = db.pool;
    this.chunkBytes = options.chunkBytes ?? BLOB_CHUNK_BYTES;
    this.now = options.now ?? Date.now;
  }

  /** The store, after sweeping uploads a dead node left half-written. */
  static async open(db: PgDb, options: PostgresBlobOptions = {}): Promise<PostgresBlobStore> {
    const blobs = new PostgresBlobStore(db, options);
    await blobs.sweepAbandonedUploads();
    return blobs;
  }

  /** The hub's blob store: a small pool of its own on the hub's database (migrated by the same code), swept. */
  static async connect(database: PostgresOptions, options: PostgresBlobOptions = {}): Promise<PostgresBlobStore> {
    const db = await openPostgres({ applicationName: 'switchboard-hub-blobs', poolSize: BLOB_POOL_SIZE, ...database });
    try {
      const blobs = await PostgresBlobStore.open(db, options);
      blobs.owned = db;
      return blobs;
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256Of(bytes);
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.inTransaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO blobs (sha256, size, chunk_size, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
        [sha256, data.length, this.chunkBytes, this.now()],
      );
      if (inserted.rowCount !== 1) return;
      for (let n = 0; n * this.chunkBytes < data.length; n += 1) {
        const chunk = data.subarray(n * this.chunkBytes, (n + 1) * this.chunkBytes);
        await client.query(`INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)`, [sha256, n, chunk]);
      }
    });
    return { sha256, size: data.length };
  }

  async putStream(source: BlobSource, maxBytes: number): Promise<StoredBlob> {
    const uploadId = `upload-${randomBytes(12).toString('hex')}`;
    const counted = meter(maxBytes);
    try {
      // The source is piped at once (its errors need a listener); the upload row is the first thing written.
      await pipeline(source, counted.stream, (chunks: AsyncIterable<Buffer>) => this.writeChunks(uploadId, chunks));
      const stored = counted.digest();
      await this.inTransaction(async (client) => {
        const claimed = await client.query(`DELETE FROM blob_uploads WHERE id = $1`, [uploadId]);
        // Swept as abandoned while it was still arriving (a day-long upload): its chunks are gone.
        if (claimed.rowCount !== 1) throw new Error(`blob upload ${uploadId} was swept before it finished`);
        const inserted = await client.query(
          `INSERT INTO blobs (sha256, size, chunk_size, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
          [stored.sha256, stored.size, this.chunkBytes, this.now()],
        );
        if (inserted.rowCount === 1) {
          await client.query(`UPDATE blob_chunks SET sha256 = $1 WHERE sha256 = $2`, [stored.sha256, uploadId]);
        } else {
          await client.query(`DELETE FROM blob_chunks WHERE sha256 = $1`, [uploadId]);
        }
      });
      return stored;
    } catch (error) {
      await this.dropUpload(uploadId).catch(() => undefined);
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    const row = await this.blobRow(sha256);
    return row ? { sha256, size: Number(row.size) } : null;
  }

  async read(sha256: string): Promise<Buffer> {
    const row = await this.blobRow(sha256);
    if (!row) throw blobNotFound();
    const chunks = await this.pool.query<{ data: Buffer }>(
      `SELECT data FROM blob_chunks WHERE sha256 = $1 ORDER BY n`,
      [sha256],
    );
    const bytes = Buffer.concat(chunks.rows.map((chunk) => chunk.data));
    // Removed between the two queries: as good as never stored.
    if (bytes.length !== Number(row.size)) throw blobNotFound();
    return bytes;
  }

  async stream(sha256: string, range?: ByteRange): Promise<Readable> {
    const row = await this.blobRow(sha256);
    if (!row) throw blobNotFound();
    const chunkSize = Number(row.chunk_size);
    const { start, endExclusive } = clampRange(range, Number(row.size));
    const pieces: { n: number; from: number; length: number }[] = [];
    for (let offset = start; offset < endExclusive;) {
      const n = Math.floor(offset / chunkSize);
      const from = offset - n * chunkSize;
      const length = Math.min(chunkSize - from, endExclusive - offset);
      pieces.push({ n, from, length });
      offset += length;
    }
    const fetchPiece = async ({ n, from, length }: (typeof pieces)[number]): Promise<Buffer> => {
      // substring is 1-based; on EXTERNAL storage it reads only the slices it needs.
      const result = await this.pool.query<{ data: Buffer }>(
        `SELECT substring(data FROM $3 FOR $4) AS data FROM blob_chunks WHERE sha256 = $1 AND n = $2`,
        [sha256, n, from + 1, length],
      );
      const data = result.rows[0]?.data;
      // Removed while it was being read: the stream fails rather than end short.
      if (data?.length !== length) throw blobNotFound();
      return data;
    };
    async function* chunks(): AsyncGenerator<Buffer> {
      // One chunk ahead: the next one is on its way while the reader takes this one (two in memory at most).
      let next: Promise<Buffer> | null = null;
      try {
        for (let i = 0; i < pieces.length; i++) {
          const current: Promise<Buffer> = next ?? fetchPiece(pieces[i] as (typeof pieces)[number]);
          next = i + 1 < pieces.length ? fetchPiece(pieces[i + 1] as (typeof pieces)[number]) : null;
          next?.catch(() => undefined);
          yield await current;
        }
      } finally {
        // A reader that stopped early (a closed download) leaves no query behind.
        await next?.catch(() => undefined);
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
  }

  async remove(sha256: string): Promise<boolean> {
    checkSha256(sha256);
    return this.inTransaction(async (client) => {
      const removed = await client.query(`DELETE FROM blobs WHERE sha256 = $1`, [sha256]);
      await client.query(`DELETE FROM blob_chunks WHERE sha256 = $1`, [sha256]);
      return removed.rowCount === 1;
    });
  }

  async close(): Promise<void> {
    const owned = this.owned;
    this.owned = null;
    await owned?.close();
  }

  /** Deletes the chunks of uploads started long ago and never finished (their node died mid-way). */
  async sweepAbandonedUploads(): Promise<number> {
    const stale = await this.pool.query<{ id: string }>(`SELECT id FROM blob_uploads WHERE started_at < $1`, [
      this.now() - ABANDONED_AFTER_MS,
    ]);
    for (const { id } of stale.rows) await this.dropUpload(id);
    return stale.rows.length;
  }

  private async blobRow(sha256: string): Promise<BlobRow | undefined> {
    checkSha256(sha256);
    const result = await this.pool.query<BlobRow>(`SELECT size, chunk_size FROM blobs WHERE sha256 = $1`, [sha256]);
    return result.rows[0];
  }

  /** Regroups a stream's pieces into fixed-size chunks and writes each as it fills (one in memory at a time). */
  private async writeChunks(uploadId: string, pieces: AsyncIterable<Buffer>): Promise<void> {
    await this.pool.query(`INSERT INTO blob_uploads (id, started_at) VALUES ($1, $2)`, [uploadId, this.now()]);
    let n = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (bytes: Buffer): Promise<void> => {
      await this.pool.query(`INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)`, [uploadId, n, bytes]);
      n += 1;
    };
    for await (const piece of pieces) {
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes < this.chunkBytes) continue;
      let joined = Buffer.concat(pending, pendingBytes);
      while (joined.length >= this.chunkBytes) {
        await flush(joined.subarray(0, this.chunkBytes));
        joined = joined.subarray(this.chunkBytes);
      }
      pending = joined.length > 0 ? [joined] : [];
      pendingBytes = joined.length;
    }
    if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));
  }

  private async dropUpload(uploadId: string): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query(`DELETE FROM blob_chunks WHERE sha256 = $1`, [uploadId]);
      await client.query(`DELETE FROM blob_uploads WHERE id = $1`, [uploadId]);
    });
  }

  private async inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let result: T;
    try {
      await client.query('BEGIN');
      result = await fn(client);
      await client.query('COMMIT');
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool drops it instead of reusing it.
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) => rollbackError as Error,
      );
      client.release(broken);
      throw error;
    }
    client.release();
    return result;
  }
}
