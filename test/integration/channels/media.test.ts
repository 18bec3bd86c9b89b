import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { startHarness, twilioHeaders, waitFor, whatsappHeaders, type AgentSession, type Harness } from './harness.js';
import { TW, WA, whatsappImage } from './provider-bodies.js';

/**
 * Downloads ask for `connection: close`: a keep-alive connection left after a
 * streamed attachment can hold up the hub's shutdown (reported to the core).
 */
const CLOSE = { connection: 'close' };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

let h: Harness;
let agent: AgentSession;
let wa: Channel;
let tw: Channel;

beforeAll(async () => {
  h = await startHarness();
  wa = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') });
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') });
  agent = await h.linkedAgent(wa.id, tw.id);
});
afterAll(async () => h.stop());

async function postImage(messageId: string, mediaId: string): Promise<void> {
  const body = whatsappImage('819055556666', messageId, mediaId, Date.now());
  const res = await h.webhook(wa.id, body, whatsappHeaders(WA.appSecret, body));
  expect(res.status).toBe(200);
}

function attachmentOf(providerMessageId: string, status: 'ready' | 'failed' | 'pending', withError = false) {
  return agent.message(
    (m) =>
      m.providerMessageId === providerMessageId &&
      m.attachments[0]?.status === status &&
      (!withError || m.attachments[0]?.error !== null),
  )?.attachments[0];
}

describe('inbound media', () => {
  it('a WhatsApp image is downloaded after the webhook answer and served to the agent with its type', async () => {
    h.fake.state.addMedia('whatsapp', '7001', { bytes: JPEG, mimeType: 'image/jpeg' });
    await postImage('wamid.IMG1', '7001');
    const pending = await waitFor('the message with a pending image', () =>
      agent.message((m) => m.providerMessageId === 'wamid.IMG1'),
    );
    expect(pending).toMatchObject({ kind: 'image', text: '壊れた商品の写真です' });
    const ready = await waitFor('the image ready', () => attachmentOf('wamid.IMG1', 'ready'));
    expect(ready.sha256).toMatch(/^[0-9a-f]{64}$/);
    const res = await h.api('GET', `/api/attachments/${ready.id}`, undefined, agent.token, CLOSE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(JPEG);
  });

  it('a failed download shows its error on the message and succeeds on a later retry', async () => {
    h.fake.state.addMedia('whatsapp', '7002', { bytes: JPEG, mimeType: 'image/jpeg' });
    h.fake.state.script(
      'whatsapp',
      '/v21.0/7002',
      { status: 500, body: { error: { code: 2, message: 'Service temporarily unavailable' } } },
      1,
    );
    await postImage('wamid.IMG2', '7002');
    const retrying = await waitFor('the error shown while retrying', () => attachmentOf('wamid.IMG2', 'pending', true));
    expect(retrying.error).toContain('500');
    const ready = await waitFor('the image ready after the retry', () => attachmentOf('wamid.IMG2', 'ready'));
    expect(ready.error).toBeNull();
  });

  it('media the provider no longer has ends as failed with the reason, after the retries', async () => {
    await postImage('wamid.IMG3', 'gone-forever');
    const failed = await waitFor('the image failed', () => attachmentOf('wamid.IMG3', 'failed'));
    expect(failed.error).toContain('404');
    const lookups = h.fake.state.callsTo('whatsapp', '/v21.0/gone-forever');
    expect(lookups).toHaveLength(3);
  });

  it('a Twilio voice note is fetched from the Media URL with the account credentials', async () => {
    h.fake.state.addMedia('twilio', 'ME00000000000000000000000000009a01', {
      bytes: Buffer.from('OggS voice'),
      mimeType: 'audio/ogg',
    });
    const form = new URLSearchParams({
      MessageSid: 'MM00000000000000000000000000009a01',
      From: 'whatsapp:+15005550006',
      To: TW.from,
      Body: '',
      NumMedia: '1',
      MediaContentType0: 'audio/ogg',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${TW.accountSid}/Messages/MM00000000000000000000000000009a01/Media/ME00000000000000000000000000009a01`,
      MessageType: 'audio',
      SmsStatus: 'received',
      WaId: '15005550006',
    });
    const url = `https://hub.example.com/webhooks/${tw.id}`;
    await h.webhook(tw.id, form.toString(), twilioHeaders(TW.authToken, url, form));
    const ready = await waitFor('voice ready', () => attachmentOf('MM00000000000000000000000000009a01', 'ready'));
    const res = await h.api('GET', `/api/attachments/${ready.id}`, undefined, agent.token, CLOSE);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('OggS voice');
    expect(agent.message((m) => m.providerMessageId === 'MM00000000000000000000000000009a01')?.kind).toBe('voice');
  });
});
