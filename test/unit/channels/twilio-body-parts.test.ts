import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitAtBoundaries } from '../../../src/shared/text-parts.js';
import { twilioAdapter } from '../../../src/hub/channels/twilio/adapter.js';
import type { TwilioCredentials } from '../../../src/hub/channels/twilio/credentials.js';
import { TWILIO_BODY_MAX, TWILIO_MAX_PARTS } from '../../../src/hub/channels/twilio/send.js';
import type { AdapterContext, OutboundMessage } from '../../../src/hub/channels/types.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';

const joined = (parts: string[]) => parts.join('');
const squash = (text: string) => text.replace(/\s+/g, '');

describe('splitting a long text into parts', () => {
  it('a text that fits is one part, unchanged', () => {
    expect(splitAtBoundaries('短いメッセージです。', 1600)).toEqual(['短いメッセージです。']);
  });

  it('cuts at the last paragraph break that fits, before a line break or a sentence end', () => {
    const first = 'A'.repeat(60);
    const text = `${first}\n\n${'b'.repeat(20)}. ${'c'.repeat(10)}\n${'d'.repeat(30)}`;
    const parts = splitAtBoundaries(text, 100);
    expect(parts[0]).toBe(first);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
  });

  it('without paragraphs, at a line break; without lines, at a sentence end; then at a word', () => {
    expect(splitAtBoundaries(`${'a'.repeat(70)}\n${'b'.repeat(50)}`, 100)[0]).toBe('a'.repeat(70));
    const sentences = `${'Word '.repeat(12)}ends here. And then ${'more words '.repeat(8)}`;
    expect(splitAtBoundaries(sentences, 100)[0]).toBe(`${'Word '.repeat(12)}ends here.`);
    const words = 'alpha beta gamma delta '.repeat(10);
    const parts = splitAtBoundaries(words, 50);
    expect(parts.every((p) => /^(alpha|beta|gamma|delta)/.test(p) && /(alpha|beta|gamma|delta)$/.test(p))).toBe(true);
  });

  it('Japanese without spaces is cut at a sentence end (。)', () => {
    const sentence = 'ご注文の商品は本日発送いたしました。';
    const parts = splitAtBoundaries(sentence.repeat(10), 100);
    expect(parts[0]?.endsWith('。')).toBe(true);
    expect(joined(parts)).toBe(sentence.repeat(10));
  });

  it('never cuts an emoji, a surrogate pair, a flag or a letter from its combining mark', () => {
    for (const unit of ['😀', '🇯🇵', '👩‍👩‍👧‍👦', 'e\u0301']) {
      const text = unit.repeat(400);
      for (const max of [12, 99, 100, 101]) {
        const parts = splitAtBoundaries(text, max);
        expect(joined(parts)).toBe(text);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(max);
          expect(p.length % unit.length).toBe(0);
        }
      }
    }
  });

  it('keeps every character, in order, dropping only the whitespace at the cuts', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum dolor '.repeat(i % 7)}`).join(
      '\n\n',
    );
    const parts = splitAtBoundaries(text, 160);
    expect(squash(joined(parts))).toBe(squash(text));
    expect(parts.every((p) => p.length <= 160 && p === p.trim() && p !== '')).toBe(true);
  });
});

let fake: FakeProvider;
let credentials: TwilioCredentials;
const SID = 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9';
const ctx: AdapterContext = { fetch, now: () => Date.now(), cache: { get: () => null, set: () => undefined } };

beforeAll(async () => {
  fake = await startFakeProvider();
  credentials = {
    accountSid: SID,
    authToken: 'tok',
    from: 'whatsapp:+14155238886',
    apiBaseUrl: fake.baseUrlFor('twilio'),
  };
});
afterAll(async () => fake.close());

function message(over: Partial<OutboundMessage>): OutboundMessage {
  return {
    messageId: 'm-long',
    to: 'whatsapp:+15005550006',
    threadKey: null,
    kind: 'text',
    text: null,
    media: [],
    template: null,
    replyToProviderMessageId: null,
    replyToken: null,
    statusCallbackUrl: 'https://hub.example.com/webhooks/ch1',
    ...over,
  };
}

describe('Twilio texts longer than one Body', () => {
  it('the fake Twilio refuses a Body over 1,600 characters with 21617, as Twilio does', async () => {
    const before = fake.state.calls.length;
    const res = await fetch(`${fake.baseUrlFor('twilio')}/2010-04-01/Accounts/${SID}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SID}:tok`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        To: 'whatsapp:+15005550006',
        From: 'whatsapp:+1415',
        Body: 'x'.repeat(1601),
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 21617 });
    expect(fake.state.calls.length).toBe(before + 1);
  });

  it('a 1,601-character text goes as two parts in order, each SID returned', async () => {
    const text = `${'First paragraph. '.repeat(60).trim()}\n\n${'Second paragraph. '.repeat(40).trim()}`;
    expect(text.length).toBeGreaterThan(TWILIO_BODY_MAX);
    const before = fake.state.callsTo('twilio', '/Messages.json').length;
    const result = await twilioAdapter.send(message({ text }), credentials, ctx);
    const calls = fake.state.callsTo('twilio', '/Messages.json').slice(before);
    expect(calls.map((c) => c.form?.Body)).toEqual([
      'First paragraph. '.repeat(60).trim(),
      'Second paragraph. '.repeat(40).trim(),
    ]);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^SM/) });
    expect(result.ok && result.extraProviderMessageIds).toHaveLength(1);
  });

  it('a long caption goes first as text parts, then the attachment without a caption', async () => {
    const text = 'Lies bitte die Hinweise. '.repeat(80);
    const before = fake.state.callsTo('twilio', '/Messages.json').length;
    const media = {
      mimeType: 'application/pdf',
      fileName: 'a.pdf',
      size: 3,
      bytes: Buffer.from('pdf'),
      publicUrl: 'https://hub.example.com/media/a',
    };
    const result = await twilioAdapter.send(message({ kind: 'attachment', text, media: [media] }), credentials, ctx);
    const calls = fake.state.callsTo('twilio', '/Messages.json').slice(before);
    expect(calls.map((c) => [c.form?.Body !== undefined, c.form?.MediaUrl ?? null])).toEqual([
      [true, null],
      [true, null],
      [false, 'https://hub.example.com/media/a'],
    ]);
    expect(result.ok && result.extraProviderMessageIds).toHaveLength(2);
  });

  it(`a text needing more than ${TWILIO_MAX_PARTS} parts is refused before anything is sent`, async () => {
    const before = fake.state.calls.length;
    const text = 'Sehr lange Nachricht. '.repeat(Math.ceil((TWILIO_BODY_MAX * TWILIO_MAX_PARTS) / 20));
    const result = await twilioAdapter.send(message({ text }), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', retryable: false } });
    expect(!result.ok && result.error.providerError).toMatch(/at most 10/);
    expect(fake.state.calls.length).toBe(before);
  });
});
