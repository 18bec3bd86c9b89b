import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { twilioAdapter } from '../../../src/hub/channels/twilio/adapter.js';
import type { TwilioCredentials } from '../../../src/hub/channels/twilio/credentials.js';
import { TWILIO_MAX_FORM_PARAMETERS } from '../../../src/hub/channels/twilio/form.js';
import { verifyTwilioJsonBody, verifyTwilioSignature } from '../../../src/hub/channels/twilio/verify.js';
import type { InboundEvent, WebhookRequest } from '../../../src/hub/channels/types.js';
import { AppError } from '../../../src/shared/errors.js';

const DIR = join(import.meta.dirname, '../../fixtures/providers/twilio');
const Params = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const Vectors = z.object({
  scheme: z.object({ auth_token_for_published_vectors: z.string() }),
  published_form: z.array(
    z.object({
      id: z.string(),
      request_url: z.string(),
      params: Params,
      header_value: z.string().nullable(),
      expected: z.string(),
    }),
  ),
  published_json_body: z.array(
    z.object({
      id: z.string(),
      request_url: z.string().optional(),
      body: z.string(),
      header_value: z.string().optional(),
      expected: z.string(),
    }),
  ),
  corpus_files: z.object({
    auth_token: z.string(),
    signatures: z.record(z.string(), z.object({ url: z.string(), header_value: z.string() })),
  }),
});
const vectors = Vectors.parse(JSON.parse(readFileSync(join(DIR, 'signature_vectors.json'), 'utf8')));
const TOKEN = vectors.scheme.auth_token_for_published_vectors;

const credentials: TwilioCredentials = {
  accountSid: 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9',
  authToken: vectors.corpus_files.auth_token,
  from: 'whatsapp:+14155238886',
};

function toMap(params: z.infer<typeof Params>): Map<string, string[]> {
  return new Map(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

function post(file: string): WebhookRequest {
  const signed = vectors.corpus_files.signatures[file];
  return {
    method: 'POST',
    publicUrl: signed?.url ?? 'https://hub.example.com/webhooks/twilio/whatsapp',
    query: {},
    headers: { 'x-twilio-signature': signed?.header_value, 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: readFileSync(join(DIR, file)),
    receivedAt: Date.now(),
  };
}

function events(file: string): InboundEvent[] {
  return [...twilioAdapter.parse(post(file), credentials).events];
}

function only(file: string): Extract<InboundEvent, { type: 'message' }> {
  const [event, ...rest] = events(file);
  expect(rest).toEqual([]);
  if (event?.type !== 'message') throw new Error(`expected a message from ${file}`);
  return event;
}

describe('Twilio request signatures', () => {
  it.each(vectors.published_form)('published vector $id is judged $expected', (v) => {
    const valid = verifyTwilioSignature(TOKEN, v.request_url, toMap(v.params), v.header_value ?? undefined);
    expect(valid).toBe(v.expected === 'valid');
  });

  it.each(vectors.published_json_body.filter((v) => v.request_url !== undefined))(
    'JSON-body vector $id is judged by its body hash',
    (v) => {
      const valid = verifyTwilioJsonBody(TOKEN, v.request_url ?? '', Buffer.from(v.body), v.header_value);
      expect(valid).toBe(v.expected === 'valid');
    },
  );

  it('a JSON body whose hash does not match the signed bodySHA256 is refused', () => {
    const v = vectors.published_json_body.find((x) => x.id === 'tw-json-body');
    expect(
      verifyTwilioJsonBody(TOKEN, v?.request_url ?? '', Buffer.from('{"property": "other"}'), v?.header_value),
    ).toBe(false);
  });

  it.each(Object.keys(vectors.corpus_files.signatures))('the signed corpus form %s is accepted', (file) => {
    expect(twilioAdapter.verify(post(file), credentials)).toEqual({ ok: true });
  });

  it('a form signed for another URL is refused with 401', () => {
    const req = { ...post('incoming_whatsapp_text.form'), publicUrl: 'https://hub.example.com/webhooks/other' };
    expect(twilioAdapter.verify(req, credentials)).toMatchObject({ ok: false, status: 401 });
  });

  it('a form with a changed field is refused', () => {
    const req = post('incoming_whatsapp_text.form');
    const tampered = { ...req, rawBody: Buffer.from(req.rawBody.toString().replace('Ana+Souza', 'Mallory')) };
    expect(twilioAdapter.verify(tampered, credentials).ok).toBe(false);
  });

  it('a request without a signature is refused', () => {
    const req = post('incoming_whatsapp_text.form');
    expect(twilioAdapter.verify({ ...req, headers: {} }, credentials)).toMatchObject({ ok: false, status: 401 });
  });
});

describe('Twilio webhook parsing', () => {
  it('every form in the corpus is accepted and answered with empty TwiML', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.form'));
    expect(files).toHaveLength(11);
    for (const file of files) {
      const parsed = twilioAdapter.parse(post(file), credentials);
      expect(parsed.events.length, file).toBe(1);
      expect(parsed.response).toMatchObject({ status: 200, contentType: 'text/xml' });
    }
  });

  it('a text message keeps accents and emoji, the profile name and the WhatsApp number', () => {
    expect(only('incoming_whatsapp_text.form')).toMatchObject({
      providerMessageId: 'SM00000000000000000000000000001a01',
      kind: 'text',
      text: 'Olá! Preciso de ajuda com meu pedido #1234 😊',
      sender: { externalId: 'whatsapp:+15005550006', name: 'Ana Souza', phone: '+15005550006', username: null },
      threadKey: null,
    });
  });

  it('an image arrives with its media URL and caption', () => {
    const event = only('incoming_whatsapp_image.form');
    expect(event).toMatchObject({ kind: 'image', text: 'foto do produto' });
    expect(event.media).toEqual([
      {
        ref: 'https://api.twilio.com/2010-04-01/Accounts/AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9/Messages/MM00000000000000000000000000001a02/Media/ME00000000000000000000000000001a02',
        mimeType: 'image/jpeg',
        fileName: null,
        size: null,
      },
    ]);
  });

  it('a PDF document keeps its file name', () => {
    const event = only('incoming_whatsapp_document.form');
    expect(event.kind).toBe('document');
    expect(event.media[0]).toMatchObject({ mimeType: 'application/pdf', fileName: 'nota-fiscal.pdf' });
  });

  it('an Ogg audio note is a voice message', () => {
    expect(only('incoming_whatsapp_voice.form')).toMatchObject({ kind: 'voice', text: null });
  });

  it('a shared location carries coordinates, label and address', () => {
    expect(only('incoming_whatsapp_location.form')).toMatchObject({
      kind: 'location',
      media: [],
      meta: {
        location: {
          latitude: -23.5613991,
          longitude: -46.6565712,
          name: 'MASP',
          address: 'Av. Paulista, 1578 - Bela Vista, São Paulo - SP',
        },
      },
    });
  });

  it('a quick-reply button tap is an interactive answer to the quoted template', () => {
    expect(only('incoming_whatsapp_button.form')).toMatchObject({
      kind: 'interactive',
      text: 'Sim, confirmar',
      meta: {
        interactive: { id: 'confirm_order_1234', title: 'Sim, confirmar' },
        replyToProviderMessageId: 'MM00000000000000000000000000000b01',
      },
    });
  });

  it.each([
    ['status_sent.form', 'sent', null],
    ['status_delivered.form', 'delivered', null],
    ['status_read.form', 'read', null],
    ['status_failed_outside_window.form', 'failed', 'SESSION_WINDOW_CLOSED'],
    ['status_undelivered_30008.form', 'failed', 'PROVIDER_REJECTED'],
  ])('status callback %s moves our message to %s', (file, state, errorCode) => {
    expect(events(file)).toEqual([
      {
        type: 'status',
        providerMessageId: 'SM00000000000000000000000000000c01',
        state,
        errorCode,
        providerError: errorCode ? expect.any(String) : null,
        at: expect.any(Number),
      },
    ]);
  });

  it('an undelivered message keeps Twilio’s code and words as the reason', () => {
    const [event] = events('status_undelivered_30008.form');
    expect(event?.type === 'status' && event.providerError).toBe('30008 Unknown error');
  });

  it('intermediate statuses (queued, sending) change nothing', () => {
    const body = 'MessageSid=SM1&MessageStatus=sending&From=whatsapp%3A%2B14155238886&To=whatsapp%3A%2B15005550006';
    const req: WebhookRequest = {
      method: 'POST',
      publicUrl: 'https://x',
      query: {},
      headers: {},
      rawBody: Buffer.from(body),
      receivedAt: Date.now(),
    };
    expect(twilioAdapter.parse(req, credentials).events).toEqual([]);
  });

  it('a message type the hub does not know is kept as unsupported with its type', () => {
    const body = 'MessageSid=SM9&SmsStatus=received&MessageType=order&From=whatsapp%3A%2B15005550006&NumMedia=0';
    const req: WebhookRequest = {
      method: 'POST',
      publicUrl: 'https://x',
      query: {},
      headers: {},
      rawBody: Buffer.from(body),
      receivedAt: Date.now(),
    };
    expect(twilioAdapter.parse(req, credentials).events[0]).toMatchObject({
      kind: 'unsupported',
      meta: { providerType: 'order' },
    });
  });

  it('a body without a message id is refused as invalid', () => {
    const req: WebhookRequest = {
      method: 'POST',
      publicUrl: 'https://x',
      query: {},
      headers: {},
      rawBody: Buffer.from('Body=hi'),
      receivedAt: Date.now(),
    };
    expect(() => twilioAdapter.parse(req, credentials)).toThrow(AppError);
  });
});

describe('Twilio credentials and click-to-chat', () => {
  it('a sender without the whatsapp: prefix is refused at channel creation', () => {
    expect(twilioAdapter.credentialsSchema.safeParse({ ...credentials, from: '+14155238886' }).success).toBe(false);
    expect(twilioAdapter.credentialsSchema.safeParse(credentials).success).toBe(true);
  });

  it('the click-to-chat link is the sender number on wa.me', () => {
    expect(twilioAdapter.clickToChat(credentials, {})).toEqual({
      url: 'https://wa.me/14155238886',
      label: 'WhatsApp +14155238886',
    });
  });
});

describe('Twilio forms are bounded before any work', () => {
  const forged = (body: string): WebhookRequest => ({
    method: 'POST',
    publicUrl: 'https://hub.example.com/webhooks/ch1',
    query: {},
    headers: { 'x-twilio-signature': 'forged', 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: Buffer.from(body),
    receivedAt: Date.now(),
  });

  it('a forged form of 40,000 fields is refused as invalid in milliseconds, before its signature is computed', () => {
    const started = performance.now();
    for (const body of [
      'a=1&'.repeat(40_000),
      '&'.repeat(100_000),
      'MessageSid=SM1&'.repeat(TWILIO_MAX_FORM_PARAMETERS + 1),
    ]) {
      expect(() => twilioAdapter.verify(forged(body), credentials)).toThrowError(
        expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('parameters') }),
      );
      expect(() => twilioAdapter.parse(forged(body), credentials)).toThrowError(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('a message is dated by the hub clock when it arrived, not by the machine clock', () => {
    const req = { ...post('incoming_whatsapp_text.form'), receivedAt: Date.UTC(2030, 0, 1) };
    expect(twilioAdapter.parse(req, credentials).events[0]).toMatchObject({ at: Date.UTC(2030, 0, 1) });
  });
});
