/**
 * Content-addressed media files: <dataDir>/blobs/ab/abcdef… named by their
 * sha256. Written to a temp file then renamed, so a crash never leaves a
 * half-written blob under a real name; the same content is stored once.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';

const SHA256 = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
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
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      const tmp = path.join(this.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
      await fsp.writeFile(tmp, bytes);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(tmp, target);
    }
    return { sha256, size: bytes.length };
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
}
