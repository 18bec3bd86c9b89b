/**
 * Blobs as files in a folder: <root>/ab/abcdef… named by their sha256
 * (<dataDir>/blobs by default, or the folder SWITCHBOARD_BLOB_DIR names).
 * Written to <root>/tmp then renamed, so a crash never leaves a half-written
 * blob under a real name; the same content is stored once. Streams are hashed
 * and counted while they are written, so a download or an upload is never
 * held in memory, and one that grows past its limit is cut off and its temp
 * file removed.
 *
 * Several hub nodes can share one folder (NFS and the like, docs/scaling.md):
 * temp names are random, rename is atomic within one file system, and two
 * nodes renaming the same content into place leave the same bytes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { meter, sha256Of } from './blob-meter.js';
import {
  blobNotFound,
  checkSha256,
  clampRange,
  type BlobSource,
  type BlobStore,
  type ByteRange,
  type StoredBlob,
} from './ports/blobs.js';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export class FileBlobStore implements BlobStore {
  readonly kind = 'file';

  /** `root` is the blob folder itself (created with its tmp/ when missing). */
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(this.root, 'tmp'), { recursive: true });
  }

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256Of(bytes);
    if (!(await this.has(sha256))) {
      const tmp = this.tempPath();
      await fsp.writeFile(tmp, bytes, { flag: 'wx' });
      await this.moveIntoPlace(tmp, sha256);
    }
    return { sha256, size: bytes.length };
  }

  async putStream(source: BlobSource, maxBytes: number): Promise<StoredBlob> {
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

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    try {
      const stats = await fsp.stat(this.fileOf(sha256));
      return { sha256, size: stats.size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.fileOf(sha256));
    } catch (error) {
      throw isMissing(error) ? blobNotFound() : error;
    }
  }

  async stream(sha256: string, range?: ByteRange): Promise<Readable> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.fileOf(sha256), 'r');
    } catch (error) {
      throw isMissing(error) ? blobNotFound() : error;
    }
    try {
      const { start, endExclusive } = clampRange(range, (await handle.stat()).size);
      if (start >= endExclusive) {
        await handle.close();
        return Readable.from([]);
      }
      // The stream owns the handle from here: it closes it when it ends or is destroyed.
      return handle.createReadStream({ start, end: endExclusive - 1 });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async remove(sha256: string): Promise<boolean> {
    try {
      await fsp.unlink(this.fileOf(sha256));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    // Nothing stays open between calls.
  }

  private fileOf(sha256: string): string {
    checkSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  private tempPath(): string {
    return path.join(this.root, 'tmp', `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`);
  }

  /** Renames a finished temp file to its content's name; the same content already stored wins. */
  private async moveIntoPlace(tmp: string, sha256: string): Promise<void> {
    const target = this.fileOf(sha256);
    if (await this.has(sha256)) {
      await fsp.rm(tmp, { force: true });
      return;
    }
    await fsp.mkdir(path.dirname(target), { recursive: true });
    // Another writer may have renamed the same content in meanwhile: replacing it leaves the same bytes.
    await fsp.rename(tmp, target);
  }
}
