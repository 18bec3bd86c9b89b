/** Hashing and counting a blob's bytes as they stream by, for every BlobStore implementation. */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { blobTooLarge, type StoredBlob } from './ports/blobs.js';

/** Passes bytes through while hashing and counting them; fails once more than `maxBytes` went by. */
export function meter(maxBytes: number): { stream: Transform; digest: () => StoredBlob } {
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

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
