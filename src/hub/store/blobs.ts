/**
 * Content-addressed media files: <dataDir>/blobs/ab/abcdef… named by their
 * sha256. Written to a temp file then renamed, so a crash never leaves a
 * half-written blob under a real name; the same content is stored once.
 * Streams are hashed and counted while they are written, so a download or an
 * upload is never held in memory, and one that grows past its limit is cut
 * off and its temp file removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ERROR_CATALOG } from '../../shared/errors.js';

const SHA256 = /^[0-9a-f]{64}$/;
const MB = 1024 * 1024;

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
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

/** Passes bytes through while hashing and counting them; fails once more than `maxBytes` went by. */
function meter(maxBytes: number): { stream: Transform; digest: () => StoredBlob } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(blobTooLarge(maxBytes));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, digest: () => ({ sha256: hash.digest('hex'), size }) };
}

export class BlobStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs');
    fs.mkdirSync(path.join(this.root, 'tmp'), { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AppError('VALIDATION_FAILED', 'not a sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!fs.existsSync(this.pathOf(sha256))) {
      const tmp = this.tempPath();
      await fsp.writeFile(tmp, bytes);
      await this.moveIntoPlace(tmp, sha256);
    }
    return { sha256, size: bytes.length };
  }

  /**
   * Writes a stream to a temp file, hashing and counting as it goes, then
   * renames it into place. More than `maxBytes` stops the stream (the source
   * is destroyed), removes the temp file and throws ATTACHMENT_TOO_LARGE; any
   * other failure also leaves nothing behind.
   */
  async putStream(source: Readable | AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredBlob> {
    const tmp = this.tempPath();
    const counted = meter(maxBytes);
    try {
      await pipeline(source, counted.stream, fs.createWriteStream(tmp, { flags: 'wx' }));
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    const stored = counted.digest();
    await this.moveIntoPlace(tmp, stored.sha256);
    return stored;
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  read(sha256: string): Promise<Buffer> {
    return fsp.readFile(this.pathOf(sha256));
  }

  stream(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  /** Deletes a blob nothing refers to any more (a purged contact's files); true when one was there. */
  async remove(sha256: string): Promise<boolean> {
    const file = this.pathOf(sha256);
    const existed = fs.existsSync(file);
    await fsp.rm(file, { force: true });
    return existed;
  }

  private tempPath(): string {
    return path.join(this.root, 'tmp', `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`);
  }

  /** Renames a finished temp file to its content's name; the same content already stored wins. */
  private async moveIntoPlace(tmp: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) {
      await fsp.rm(tmp, { force: true });
      return;
    }
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(tmp, target);
  }
}
