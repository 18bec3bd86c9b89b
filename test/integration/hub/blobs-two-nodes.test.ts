/**
 * Media on a hub of several nodes (docs/scaling.md): two hub processes on one PostgreSQL database serve every
 * file either of them stored, and one node stopping loses none — with the files in the database (the default)
 * and in a folder both nodes share (SWITCHBOARD_BLOB_DIR).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { createDatabase } from '../../helpers/postgres.js';

const hubs: TestHub[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0).reverse()) await hub.stop();
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function twoNodes(blobDir?: string): Promise<[TestHub, TestHub]> {
  const databaseUrl = await createDatabase();
  // Both nodes seal and open channel credentials with one key, as a cluster's nodes must.
  const secretKey = randomBytes(32).toString('base64');
  const config = { databaseUrl, secretKey, ...(blobDir === undefined ? {} : { blobDir }) };
  const a = await startHub({ config });
  hubs.push(a);
  const b = await startHub({ config });
  hubs.push(b);
  return [a, b];
}

describe.each([
  ['in the database', false],
  ['in a shared folder', true],
] as const)('media of a two-node hub, %s', (_where, shared) => {
  it('an upload to one node downloads from the other, also once the first has stopped', async () => {
    let blobDir: string | undefined;
    if (shared) {
      blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-shared-blobs-'));
      folders.push(blobDir);
    }
    const [a, b] = await twoNodes(blobDir);
    const aiko = await a.createAgent({ name: 'Aiko' });
    const onB = await b.login(aiko.email, aiko.password);
    // Larger than a chunk, so it is stored and served in pieces (text, so the test client reads it as is).
    const bytes = Buffer.from('receipt line, '.repeat(60_000));

    const res = await a.api('POST', '/api/media', {
      token: aiko.token,
      body: bytes,
      headers: { 'content-type': 'text/plain', 'x-file-name': 'receipt.txt' },
    });
    expect(res.status).toBe(201);
    const { mediaId } = MediaUploadResponse.parse(res.body);

    const fromB = await b.api('GET', `/api/attachments/${mediaId}`, { token: onB.token });
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('content-length')).toBe(String(bytes.length));
    expect(fromB.body === bytes.toString()).toBe(true);

    await a.halt();
    const afterA = await b.api('GET', `/api/attachments/${mediaId}`, { token: onB.token });
    expect(afterA.status).toBe(200);
    expect(afterA.body === bytes.toString()).toBe(true);
    // Neither node kept the file in its own data folder.
    for (const node of [a, b]) expect(fs.existsSync(path.join(node.dataDir, 'blobs'))).toBe(false);
  });
});
