/**
 * POST /api/media streams: the file goes to a temp file in the data folder
 * while it arrives, hashed on the way, and is renamed into the
 * content-addressed store when complete. The size limit holds while streaming,
 * and nothing the hub will refuse is read first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { streamUpload } from '../../helpers/raw-http.js';

const MB = 1024 * 1024;
const LIMIT = 4 * MB;

/** Every file under the data folder except the database and the key: blobs and temp files. */
function filesUnder(dir: string): { file: string; size: number }[] {
  const found: { file: string; size: number }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /^hub\.sqlite|^secret\.key$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    found.push({ file, size: fs.statSync(file).size });
  }
  return found;
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('streamed uploads', () => {
  let t: TestHub;
  let aiko: TestAgent;
  const upload = (total: number, extra: Record<string, string> = {}, token?: string) => ({
    total,
    headers: {
      authorization: `Bearer ${token ?? aiko.token}`,
      'content-type': 'application/octet-stream',
      'x-file-name': 'scan.bin',
      ...extra,
    },
  });
  beforeEach(async () => {
    t = await startHub({ config: { maxUploadBytes: LIMIT } });
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('an upload is written to the data folder while it arrives: cut off it leaves nothing, complete it lands under its sha256', async () => {
    const cut = streamUpload(`${t.url}/api/media`, { ...upload(3 * MB), pauseAt: 2 * MB });
    await cut.paused;
    const partial = await until('the upload on disk', () => filesUnder(t.dataDir).find((f) => f.size >= MB));
    cut.abort();
    await until('the partial file removed', () => !fs.existsSync(partial.file));

    const whole = streamUpload(`${t.url}/api/media`, upload(3 * MB + 123));
    const answer = await whole.answer;
    expect(answer.status).toBe(201);
    const stored = MediaUploadResponse.parse(answer.json);
    expect(stored).toMatchObject({ size: 3 * MB + 123, sha256: whole.sha256(), mimeType: 'application/octet-stream' });
    const blob = path.join(t.dataDir, 'blobs', stored.sha256.slice(0, 2), stored.sha256);
    expect(filesUnder(t.dataDir)).toEqual([{ file: blob, size: 3 * MB + 123 }]);
  });

  it('an upload past the limit is refused with 413 while it streams, naming the limit, and leaves no file and no media', async () => {
    const chunked = streamUpload(`${t.url}/api/media`, { ...upload(12 * MB), declareLength: false });
    const answer = await chunked.answer;
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: { code: 'ATTACHMENT_TOO_LARGE', details: { limitBytes: LIMIT } } });
    expect(answer.sentWhenAnswered).toBeLessThan(12 * MB);
    await until('no partial file', () => filesUnder(t.dataDir).length === 0);

    const declared = streamUpload(`${t.url}/api/media`, { ...upload(LIMIT + 1), pauseAt: 0 });
    const early = await declared.answer;
    expect(early.status).toBe(413);
    expect(early.json).toMatchObject({ error: { code: 'ATTACHMENT_TOO_LARGE', details: { limitBytes: LIMIT } } });
    expect(early.sentWhenAnswered).toBe(0);
    expect(filesUnder(t.dataDir)).toEqual([]);
  });

  it('an upload the hub would refuse anyway is answered before its body is sent', async () => {
    const viewer = await t.createAgent({
      name: 'Viewer',
      permissions: { view: true, create: false, update: false, delete: false },
    });
    const cases = [
      { expected: 403, code: 'FORBIDDEN', options: upload(MB, {}, viewer.token) },
      { expected: 400, code: 'VALIDATION_FAILED', options: upload(MB, { 'x-file-name': '' }) },
      { expected: 400, code: 'VALIDATION_FAILED', options: upload(MB, { 'x-file-name': '%E0%A4%A' }) },
      { expected: 400, code: 'VALIDATION_FAILED', options: upload(MB, { 'content-type': `image/${'x'.repeat(150)}` }) },
      { expected: 415, code: 'UNSUPPORTED_MEDIA_TYPE', options: upload(MB, { 'content-type': 'not a type' }) },
    ];
    for (const { expected, code, options } of cases) {
      const held = streamUpload(`${t.url}/api/media`, { ...options, pauseAt: 0 });
      const answer = await held.answer;
      expect({ status: answer.status, sent: answer.sentWhenAnswered, body: answer.json }).toMatchObject({
        status: expected,
        sent: 0,
        body: { error: { code } },
      });
    }
    const empty = await streamUpload(`${t.url}/api/media`, upload(0)).answer;
    expect(empty.json).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: 'the file is empty' } });
    expect(filesUnder(t.dataDir)).toEqual([]);
  });
});
