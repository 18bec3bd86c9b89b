/**
 * Attachments' bytes (media, uploads, contact pictures), addressed by their
 * sha256: the same content is stored once, and a blob is visible under its
 * name only once all of it is written. Every method is asynchronous and
 * stream-based, and nothing in it is a filesystem path, so a store can live
 * in a folder (FileBlobStore: one node, or several sharing the folder), in
 * Postgres (PostgresBlobStore), or later in an S3-compatible bucket
 * (docs/scaling.md).
 *
 * Blob writes are durable on their own: they never join the caller's
 * database transaction, like a file written next to the database. The rows
 * naming a blob (attachments, avatars) are what make it reachable.
 */
import type { Readable } from 'node:stream';
import { AppError, ERROR_CATALOG } from '../../../shared/errors.js';

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
}

/** Bytes `start` to `end`, both included (as in an HTTP Range header); `end` past the blob is clamped to its last byte. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export type BlobSource = Readable | AsyncIterable<Uint8Array>;

export interface BlobStore {
  /** Where the bytes live, for the start-up log and the docs: 'file' (a folder) or 'postgres'. */
  readonly kind: 'file' | 'postgres';
  /** Stores bytes already in memory (a small picture); the same content stored twice is one blob. */
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /**
   * Stores a stream, hashing and counting it as it arrives, never holding it whole. More than `maxBytes`
   * stops it (the source is destroyed), leaves nothing behind and throws ATTACHMENT_TOO_LARGE (blobTooLarge);
   * any other failure also leaves nothing behind.
   */
  putStream(source: BlobSource, maxBytes: number): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  /** The blob's size, or null when it is not stored. */
  stat(sha256: string): Promise<StoredBlob | null>;
  /** The whole blob in memory (an outbound provider upload); NOT_FOUND when it is not stored. */
  read(sha256: string): Promise<Buffer>;
  /**
   * The blob (or a range of it) as a byte stream that reads from the store as it is consumed; NOT_FOUND
   * (rejected, before any byte) when it is not stored.
   */
  stream(sha256: string, range?: ByteRange): Promise<Readable>;
  /** Deletes a blob nothing refers to any more (a purged contact's files); true when one was there. */
  remove(sha256: string): Promise<boolean>;
  /** Releases what the store holds open (not the database pool it was given). */
  close(): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;
const MB = 1024 * 1024;

/** Refuses anything but a lowercase hex sha256 (a blob name is never a path fragment). */
export function checkSha256(sha256: string): string {
  if (!SHA256.test(sha256)) throw new AppError('VALIDATION_FAILED', 'not a sha256');
  return sha256;
}

export function blobNotFound(): AppError {
  return new AppError('NOT_FOUND', 'The file is not stored on the hub.');
}

/** Megabytes for people: "16 MB", "1.5 MB". */
export function formatMegabytes(bytes: number): string {
  return `${Number((bytes / MB).toFixed(1))} MB`;
}

/** The file is larger than `limitBytes`: permanent, the same file will be as large next time. */
export function blobTooLarge(limitBytes: number, announcedBytes?: number): AppError {
  const announced = announcedBytes === undefined ? '' : `, ${formatMegabytes(announcedBytes)} announced`;
  const sentence = ERROR_CATALOG.ATTACHMENT_TOO_LARGE.en.replace(/\.$/, '');
  return new AppError('ATTACHMENT_TOO_LARGE', `${sentence}: limit ${formatMegabytes(limitBytes)}${announced}.`, {
    retryable: false,
    limitBytes,
  });
}

/**
 * A range checked and clamped to a blob of `size` bytes: [start, endExclusive). A start at or past the end
 * gives an empty range; a negative start or an end before the start is refused.
 */
export function clampRange(range: ByteRange | undefined, size: number): { start: number; endExclusive: number } {
  if (!range) return { start: 0, endExclusive: size };
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new AppError('VALIDATION_FAILED', 'not a byte range');
  }
  const endExclusive = Math.min(end + 1, size);
  return { start: Math.min(start, endExclusive), endExclusive };
}
