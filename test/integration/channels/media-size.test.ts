import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, Channel } from '../../../src/shared/domain.js';
import { startFakeMediaHost, type FakeMediaHost } from '../../../src/fake-provider/media-host.js';
import { lineHeaders, startHarness, twilioHeaders, waitFor, type AgentSession, type Harness } from './harness.js';
import { LINE, TW, lineExternalBody, twilioMediaForm } from './provider-bodies.js';

/**
 * Inbound media are streamed to the blob store, never held whole, and stop at
 * the channel's limit (channel-rules.ts): Twilio 16 MB for audio, LINE 10 MB
 * for images and 200 MB for video. Files come from `host`, an operator media
 * host (SWITCHBOARD_MEDIA_HOSTS), as a Twilio CDN or LINE external content.
 */
const MB = 1024 * 1024;

let h: Harness;
let agent: AgentSession;
let tw: Channel;
let line: Channel;
let host: FakeMediaHost;
let counter = 0;

beforeAll(async () => {
  host = await startFakeMediaHost();
  h = await startHarness({ mediaHosts: [host.url] });
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') });
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  agent = await h.linkedAgent(tw.id, line.id);
});
afterAll(async () => {
  await h.stop();
  await host.close();
});

/** A signed Twilio voice note whose Media resource redirects to `host` at `filePath`. */
async function twilioVoiceFrom(filePath: string): Promise<string> {
  counter += 1;
  const sid = `MM${counter.toString(16).padStart(32, '0')}`;
  const mediaSid = `ME${counter.toString(16).padStart(32, '0')}`;
  h.fake.state.script('twilio', `/Media/${mediaSid}`, {
    status: 307,
    body: '',
    headers: { location: `${host.url}${filePath}` },
  });
  const form = twilioMediaForm(
    sid,
    `https://api.twilio.com/2010-04-01/Accounts/${TW.accountSid}/Messages/${sid}/Media/${mediaSid}`,
    'audio/ogg',
    'audio',
  );
  const url = `https://hub.example.com/webhooks/${tw.id}`;
  const res = await h.webhook(tw.id, form.toString(), twilioHeaders(TW.authToken, url, form));
  expect(res.status).toBe(200);
  return sid;
}

/** A signed LINE message whose content an external provider hosts at `host` + `filePath`. */
async function lineExternal(type: 'image' | 'video', filePath: string): Promise<string> {
  counter += 1;
  const id = String(800000000000 + counter);
  const url = `${host.url}${filePath}`;
  const body = lineExternalBody(id, type, url);
  const res = await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body));
  expect(res.status).toBe(200);
  return id;
}

function attachmentOf(providerMessageId: string, status: Attachment['status']): Attachment | undefined {
  return agent.message((m) => m.providerMessageId === providerMessageId && m.attachments[0]?.status === status)
    ?.attachments[0];
}

function wasRetried(providerMessageId: string): boolean {
  return agent.events.some(
    (e) =>
      e.type === 'message.upsert' &&
      e.message.providerMessageId === providerMessageId &&
      e.message.attachments[0]?.status === 'pending' &&
      e.message.attachments[0]?.error !== null,
  );
}

function tempFiles(): { name: string; size: number }[] {
  // Where the file blob store writes files before they have a name (src/hub/store/blob-files.ts).
  const dir = path.join(h.hub.config.dataDir, 'blobs', 'tmp');
  return fs.readdirSync(dir).map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }));
}

/** sha256 of `size` bytes of 'a', as the fake host generates them, computed without holding them. */
function generatedSha256(size: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let left = size; left > 0; left -= chunk.length) hash.update(chunk.subarray(0, Math.min(chunk.length, left)));
  return hash.digest('hex');
}

describe('media larger than the channel allows', () => {
  it('a file announced larger than the limit is refused before its body is read, and not retried', async () => {
    host.route('/voice/announced.ogg', {
      headers: { 'content-type': 'audio/ogg', 'content-length': String(30 * MB) },
      stall: true,
    });
    const sid = await twilioVoiceFrom('/voice/announced.ogg');
    const failed = await waitFor('the voice note failed', () => attachmentOf(sid, 'failed'));
    expect(failed.error).toBe('The file is larger than the provider accepts: limit 16 MB, 30 MB announced.');
    expect(wasRetried(sid)).toBe(false);
    const [request] = host.requestsTo('/voice/announced.ogg');
    await request?.finished;
    expect(host.requestsTo('/voice/announced.ogg')).toMatchObject([{ bytesWritten: 0, cutOff: true }]);
  });

  it('a file sent without Content-Length is cut off once it passes the limit, leaving no partial blob', async () => {
    host.route('/img/endless.jpg', {
      headers: { 'content-type': 'image/jpeg' },
      generated: { size: 64 * MB, contentLength: false },
    });
    const id = await lineExternal('image', '/img/endless.jpg');
    const failed = await waitFor('the image failed', () => attachmentOf(id, 'failed'));
    expect(failed.error).toBe('The file is larger than the provider accepts: limit 10 MB.');
    expect(wasRetried(id)).toBe(false);
    const [request] = host.requestsTo('/img/endless.jpg');
    await request?.finished;
    expect(request?.cutOff).toBe(true);
    expect(request?.bytesWritten).toBeLessThan(24 * MB);
    expect(tempFiles()).toEqual([]);
  });

  it('a voice note whose provider sends more than announced by leaving out the length is cut off too', async () => {
    host.route('/voice/chunked.ogg', {
      headers: { 'content-type': 'audio/ogg' },
      generated: { size: 40 * MB, contentLength: false },
    });
    const sid = await twilioVoiceFrom('/voice/chunked.ogg');
    const failed = await waitFor('the voice note failed', () => attachmentOf(sid, 'failed'));
    expect(failed.error).toBe('The file is larger than the provider accepts: limit 16 MB.');
    const [request] = host.requestsTo('/voice/chunked.ogg');
    await request?.finished;
    expect(request?.bytesWritten).toBeLessThan(30 * MB);
  });
});

describe('big media within the limit', () => {
  it('a 30 MB video is written to disk while it arrives, without the hub holding it in memory', async () => {
    const size = 30 * MB;
    let resume: () => void = () => undefined;
    host.route('/video/big.mp4', {
      headers: { 'content-type': 'video/mp4' },
      generated: { size, contentLength: true },
      pauseAt: { bytes: 20 * MB, resume: new Promise<void>((r) => (resume = r)) },
    });
    const gc = globalThis.gc;
    if (!gc) throw new Error('run with --expose-gc (vitest.config.ts) so held memory can be measured');
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let held = 0;
    try {
      const id = await lineExternal('video', '/video/big.mp4');
      // Half the file is on disk while the host still holds back the rest: it was never buffered whole.
      await waitFor('the first 10 MB on disk', () => tempFiles().some((f) => f.size >= 10 * MB));
      // At the host's pause 20 MB have arrived: buffered, they would all be held now; streamed, only chunks
      // in flight (socket and file-stream buffers, a few MB under load), well under the 20 MB.
      await waitFor('the 20 MB before the pause on disk', () => tempFiles().some((f) => f.size >= 20 * MB - 64 * 1024));
      gc();
      held = process.memoryUsage().arrayBuffers - baseline;
      resume();
      const ready = await waitFor('the video ready', () => attachmentOf(id, 'ready'), 30_000);
      expect(ready).toMatchObject({ size, sha256: generatedSha256(size), mimeType: 'video/mp4' });
    } finally {
      resume();
    }
    expect(held).toBeLessThan(12 * MB);
  });
});
