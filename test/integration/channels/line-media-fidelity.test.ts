/**
 * LINE video and audio messages as the Messaging API reference asks for them: a video's
 * `previewImageUrl` serves a JPEG or PNG (the hub's poster), never the video; an audio message's
 * `duration` is the m4a file's own length in milliseconds. The fake LINE fetches the preview link
 * from the hub and refuses what the reference does not allow.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Channel } from '../../../src/shared/domain.js';
import { serveLineMediaFrom } from '../../../src/fake-provider/line.js';
import { buildMp4, m4aOfMs, mp4VideoOfMs } from '../../helpers/mp4-fixture.js';
import { lineHeaders, startHarness, waitFor, type AgentSession, type Harness } from './harness.js';
import { LINE, lineTextBody } from './provider-bodies.js';

const Uploaded = z.object({ mediaId: z.string() });
const PushBody = z.object({ messages: z.array(z.looseObject({ type: z.string() })) });

let h: Harness;
let agent: AgentSession;
let line: Channel;
let conversationId: string;

beforeAll(async () => {
  h = await startHarness();
  // LINE fetches the hub's public links; here the fake reaches them on the hub's loopback address.
  serveLineMediaFrom(h.fake.state, 'https://hub.example.com', h.hub.url);
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  agent = await h.linkedAgent(line.id);
  const body = lineTextBody('U4af4980629a0b1c2d3e4f5a6b7c8d9e0', '9100000001', '動画を送ってください');
  expect((await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body))).status).toBe(200);
  conversationId = (await waitFor('inbound', () => agent.message((m) => m.providerMessageId === '9100000001')))
    .conversationId;
});
afterAll(async () => h.stop());

async function upload(name: string, mimeType: string, bytes: Buffer): Promise<string> {
  const res = await h.api('POST', '/api/media', bytes, agent.token, { 'content-type': mimeType, 'x-file-name': name });
  expect(res.status).toBe(201);
  return Uploaded.parse(await res.json()).mediaId;
}

async function sendAttachment(name: string, mimeType: string, bytes: Buffer): Promise<string> {
  const ack = await agent.send('message.send', {
    clientId: randomUUID(),
    conversationId,
    kind: 'attachment',
    text: null,
    attachments: [{ mediaId: await upload(name, mimeType, bytes) }],
  });
  return z.object({ id: z.string() }).parse(ack.data).id;
}

/** The LINE message object the fake accepted for the hub message `id`'s only attachment. */
async function acceptedMessage(id: string, type: string): Promise<Record<string, unknown>> {
  await waitFor('sent', () => agent.message((m) => m.id === id && m.state === 'sent'));
  const sent = h.fake.state.calls
    .filter((c) => c.kind === 'line' && /\/v2\/bot\/message\/(reply|push)$/.test(c.path))
    .flatMap((c) => PushBody.parse(c.json).messages)
    .filter((m) => m.type === type)
    .at(-1);
  if (!sent) throw new Error(`no ${type} message reached LINE`);
  return sent;
}

describe('LINE video messages', () => {
  it('carry a preview link that serves a PNG image, not the video', async () => {
    const id = await sendAttachment('clip.mp4', 'video/mp4', mp4VideoOfMs(4200));
    const video = await acceptedMessage(id, 'video');
    const preview = String(video['previewImageUrl']);
    expect(preview).not.toBe(video['originalContentUrl']);
    const res = await fetch(preview.replace('https://hub.example.com', h.hub.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    // The fake LINE fetched the same link and checked it was a PNG before accepting the message (sent).
  });

  it('a preview link with a wrong signature opens nothing', async () => {
    const id = await sendAttachment('clip2.mp4', 'video/mp4', mp4VideoOfMs(1000));
    const video = await acceptedMessage(id, 'video');
    const forged = String(video['previewImageUrl']).replace(/sig=[^&]+/, 'sig=forged');
    expect((await fetch(forged.replace('https://hub.example.com', h.hub.url))).status).toBe(403);
    // Nor does the video's own signature open its poster.
    const own = new URL(String(video['originalContentUrl']));
    const poster = `${h.hub.url}${own.pathname}/poster${own.search}`;
    expect((await fetch(poster)).status).toBe(403);
  });
});

describe('LINE audio messages', () => {
  it('carry the m4a file’s real length in milliseconds', async () => {
    const id = await sendAttachment('voice.m4a', 'audio/mp4', m4aOfMs(3456));
    const audio = await acceptedMessage(id, 'audio');
    expect(audio['duration']).toBe(3456);
  });

  it('an m4a whose length cannot be read fails with words the agent understands, and LINE is not called', async () => {
    const before = h.fake.state.callsTo('line', '/message/').length;
    const id = await sendAttachment(
      'broken.m4a',
      'audio/mp4',
      buildMp4({ movie: { timescale: 1000, duration: 0 }, track: null }),
    );
    const failed = await waitFor('failed', () => agent.message((m) => m.id === id && m.state === 'failed'));
    expect(failed.failureReason).toMatch(/length of broken\.m4a cannot be read/);
    expect(h.fake.state.callsTo('line', '/message/').length).toBe(before);
  });
});

describe('the fake LINE holds media messages to the reference', () => {
  const push = (messages: unknown[]) =>
    fetch(`${h.fake.baseUrlFor('line')}/v2/bot/message/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LINE.channelAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0', messages }),
    });

  it('refuses a video whose preview is the video itself, and audio without a positive integer duration', async () => {
    const url = 'https://cdn.example.com/v.mp4';
    const video = await push([{ type: 'video', originalContentUrl: url, previewImageUrl: url }]);
    expect(video.status).toBe(400);
    expect(await video.json()).toMatchObject({ details: [{ property: 'messages[0].previewImageUrl' }] });
    for (const duration of [undefined, 0, 1.5, '3000']) {
      const audio = await push([{ type: 'audio', originalContentUrl: 'https://cdn.example.com/a.m4a', duration }]);
      expect(audio.status).toBe(400);
      expect(await audio.json()).toMatchObject({ details: [{ property: 'messages[0].duration' }] });
    }
  });
});
