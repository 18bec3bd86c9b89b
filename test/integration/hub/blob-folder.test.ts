/**
 * SWITCHBOARD_BLOB_DIR / --blob-dir (docs/scaling.md): media files go to the folder it names — one every hub
 * node sharing a database mounts — instead of <data-dir>/blobs, and are served from there.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const folders: string[] = [];
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-shared-blobs-'));
  folders.push(dir);
  return dir;
}

describe('the blob folder setting', () => {
  it('keeps an upload in the named folder, not the data folder, and serves it from there', async () => {
    const shared = path.join(tempFolder(), 'media');
    const t = await startHub({ config: { blobDir: shared } });
    hubs.push(t);
    const aiko = await t.createAgent({ name: 'Aiko' });
    const bytes = Buffer.from('a scanned receipt, 3 pages');
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    const res = await t.api('POST', '/api/media', {
      token: aiko.token,
      body: bytes,
      headers: { 'content-type': 'text/plain', 'x-file-name': 'receipt.txt' },
    });
    expect(res.status).toBe(201);
    const { mediaId } = MediaUploadResponse.parse(res.body);

    expect(fs.readFileSync(path.join(shared, sha256.slice(0, 2), sha256))).toEqual(bytes);
    expect(fs.existsSync(path.join(t.dataDir, 'blobs'))).toBe(false);
    const download = await t.api('GET', `/api/attachments/${mediaId}`, { token: aiko.token });
    expect(download.status).toBe(200);
    expect(download.body).toBe(bytes.toString());
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('a folder the hub cannot create stops the start with one line naming it', async () => {
    const file = path.join(tempFolder(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const blobDir = path.join(file, 'media');
    await expect(startHub({ config: { blobDir } })).rejects.toThrow(`cannot use the media folder ${blobDir}`);
  });
});
