/**
 * Where media files go (docs/scaling.md): unset, the hub decides (<dataDir>/blobs on SQLite, the database on
 * PostgreSQL); SWITCHBOARD_BLOB_DIR or --blob-dir names a folder, the flag winning, resolved to an absolute path.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/hub/config.js';

describe('the blob folder setting', () => {
  it('is unset unless named, an empty value counting as unset', () => {
    expect(parseCommandLine([], {}).config.blobDir).toBeUndefined();
    expect(parseCommandLine([], { SWITCHBOARD_BLOB_DIR: '' }).config.blobDir).toBeUndefined();
  });

  it('takes a folder from the environment or --blob-dir, the flag winning, as an absolute path', () => {
    const env = { SWITCHBOARD_BLOB_DIR: '/mnt/shared/switchboard-blobs' };
    expect(parseCommandLine([], env).config.blobDir).toBe('/mnt/shared/switchboard-blobs');
    expect(parseCommandLine(['--blob-dir', 'media'], env).config.blobDir).toBe(path.resolve('media'));
  });
});
