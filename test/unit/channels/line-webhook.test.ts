import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lineAdapter } from '../../../src/hub/channels/line/adapter.js';
import { LineCredentials } from '../../../src/hub/channels/line/credentials.js';
import type { InboundEvent } from '../../../src/hub/channels/types.js';
import { MessageMeta } from '../../../src/shared/domain.js';
import { fixtureBytes, fixtureJson, payloadFiles, webhookRequest } from './fixture-request.js';

const credentials: LineCredentials = { channelSecret: 'holdout-line-channel-secret-3b9a', channelAccessToken: 'token' };

function parseFile(name: string): InboundEvent[] {
  return [...lineAdapter.parse(webhookRequest({ rawBody: fixtureBytes(`line/${name}`) }), credentials).events];
}

function onlyMessage(events: InboundEvent[]): Extract<InboundEvent, { type: 'message' }> {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event?.type !== 'message') throw new Error(`expected one message, got ${event?.type}`);
  return event;
}

const Vector = z.object({
  id: z.string(),
  channel_secret: z.string(),
  body: z.string(),
  header_value: z.string().nullable(),
  expected: z.enum(['valid', 'invalid']),
});
const Vectors = z.object({
  published: z.array(Vector),
  derived_negative: z.array(Vector),
  corpus_files: z.object({ channel_secret: z.string(), signatures: z.record(z.string(), z.string()) }),
});

describe('LINE webhook signatures', () => {
  const vectors = Vectors.parse(fixtureJson('line/signature_vectors.json'));

  for (const v of [...vectors.published, ...vectors.derived_negative]) {
    it(`vector ${v.id} is ${v.expected === 'valid' ? 'accepted' : 'refused with 401'}`, () => {
      const headers = v.header_value === null ? {} : { 'X-Line-Signature': v.header_value };
      const req = webhookRequest({ rawBody: Buffer.from(v.body, 'utf8'), headers });
      const result = lineAdapter.verify(req, { ...credentials, channelSecret: v.channel_secret });
      if (v.expected === 'valid') expect(result).toEqual({ ok: true });
      else expect(result).toMatchObject({ ok: false, status: 401 });
    });
  }

  for (const [file, signature] of Object.entries(vectors.corpus_files.signatures)) {
    it(`the signed corpus file ${file} verifies and parses`, () => {
      const req = webhookRequest({ rawBody: fixtureBytes(`line/${file}`), headers: { 'X-Line-Signature': signature } });
      expect(lineAdapter.verify(req, credentials)).toEqual({ ok: true });
      expect(lineAdapter.parse(req, credentials).events.length).toBeGreaterThan(0);
    });
  }

  it('a corpus file signed with another channel secret is refused', () => {
    const signature = vectors.corpus_files.signatures['text_user.json'] ?? '';
    const req = webhookRequest({
      rawBody: fixtureBytes('line/text_user.json'),
      headers: { 'X-Line-Signature': signature },
    });
    expect(lineAdapter.verify(req, { ...credentials, channelSecret: 'another-secret' })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('the channel identity is the channel id when given and never the secret itself', () => {
    expect(lineAdapter.identityOf({ ...credentials, channelId: '1656789012' })).toBe('1656789012');
    expect(lineAdapter.identityOf(credentials)).not.toContain(credentials.channelSecret);
    expect(LineCredentials.safeParse({ channelSecret: '', channelAccessToken: 't' }).success).toBe(false);
  });
});

describe('every LINE webhook in the corpus becomes events', () => {
  for (const file of [...payloadFiles('line', '.json'), 'signed_middleware_nodejs.body']) {
    it(`${file} yields one event per entry, each fitting the message schema`, () => {
      const body = z
        .object({ events: z.array(z.unknown()) })
        .parse(JSON.parse(fixtureBytes(`line/${file}`).toString()));
      const events = parseFile(file);
      expect(events).toHaveLength(body.events.length);
      for (const e of events) if (e.type === 'message') expect(MessageMeta.safeParse(e.meta).success).toBe(true);
    });
  }
});

describe('LINE messages as an agent sees them', () => {
  it('a one-to-one text keeps its words, the sender and a reply token valid for under a minute', () => {
    expect(onlyMessage(parseFile('text_user.json'))).toEqual({
      type: 'message',
      providerMessageId: '325708',
      sender: { externalId: 'u206d25c2ea6bd87c17655609a1c37cb8', name: null, phone: null, username: null },
      threadKey: null,
      kind: 'text',
      text: 'Hello, world',
      media: [],
      meta: {},
      at: 1462629479859,
      replyToken: { token: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA', expiresAt: 1462629479859 + 50_000 },
    });
  });

  it('texts with LINE emoji or mentions are plain texts', () => {
    expect(onlyMessage(parseFile('text_emojis.json')).text).toBe('Hello, world');
    expect(onlyMessage(parseFile('text_mention.json')).text).toBe('Hello, world @Brown and @Cony');
  });

  it('a group text lives in the group conversation; in standby mode there is no reply token', () => {
    const m = onlyMessage(parseFile('text_group.json'));
    expect(m).toMatchObject({ threadKey: 'u206d25c2ea6bd87c17655609a1c37cb8', replyToken: null, text: 'Hello, world' });
  });

  it('a group message names the member who wrote it', () => {
    const m = onlyMessage(parseFile('signed_middleware_nodejs.body'));
    expect(m).toMatchObject({ threadKey: 'test_group_id', providerMessageId: 'test_event_message_id' });
    const all = parseFile('webhook_all_events_python_sdk.json');
    const groupText = all.find(
      (e) => e.type === 'message' && e.threadKey === 'Ca56f94637cc4347f90a25382909b24b9' && e.kind === 'text',
    );
    expect(groupText).toMatchObject({
      sender: { externalId: 'U206d25c2ea6bd87c17655609a1c37cb8' },
      meta: { groupSender: 'U206d25c2ea6bd87c17655609a1c37cb8' },
    });
  });

  it('an image sent from the LINE app is fetched by message id from the content API', () => {
    const m = onlyMessage(parseFile('image_line_content_provider.json'));
    expect(m).toMatchObject({ kind: 'image', media: [{ ref: '354718705033693861', mimeType: 'image/jpeg' }] });
  });

  it('an image hosted by an external provider is fetched from its URL', () => {
    const m = onlyMessage(parseFile('image.json'));
    expect(m.media).toEqual([
      { ref: 'https://example.com/original.jpg', mimeType: 'image/jpeg', fileName: null, size: null },
    ]);
  });

  it('video and audio are media messages (audio as M4A)', () => {
    expect(onlyMessage(parseFile('video.json'))).toMatchObject({ kind: 'video', media: [{ mimeType: 'video/mp4' }] });
    expect(onlyMessage(parseFile('audio.json'))).toMatchObject({ kind: 'audio', media: [{ mimeType: 'audio/mp4' }] });
  });

  it('a file keeps its name, size and type', () => {
    const m = onlyMessage(parseFile('file.json'));
    expect(m).toMatchObject({
      kind: 'document',
      media: [{ ref: '325708', fileName: 'sample.pdf', size: 22016, mimeType: 'application/pdf' }],
    });
  });

  it('a sticker names its package and sticker id', () => {
    expect(onlyMessage(parseFile('sticker.json')).meta.sticker).toEqual({ id: '1', packId: '1' });
  });

  it('a location keeps its Japanese address and title', () => {
    expect(onlyMessage(parseFile('location.json')).meta.location).toEqual({
      latitude: 35.65910807942215,
      longitude: 139.70372892916203,
      name: 'hello',
      address: '〒150-0002 東京都渋谷区渋谷２丁目２１−１',
    });
  });

  it('a postback is an interactive reply with its data', () => {
    expect(onlyMessage(parseFile('postback.json'))).toMatchObject({
      kind: 'interactive',
      meta: {
        interactive: { id: 'action=buyItem&itemId=123123&color=red', title: 'action=buyItem&itemId=123123&color=red' },
      },
    });
  });
});

describe('LINE events', () => {
  it('follow, unfollow and join become events in the right conversation', () => {
    expect(onlyMessage(parseFile('follow.json'))).toMatchObject({ kind: 'event', meta: { event: { name: 'follow' } } });
    expect(onlyMessage(parseFile('unfollow.json'))).toMatchObject({
      kind: 'event',
      meta: { event: { name: 'unfollow' } },
      replyToken: null,
    });
    expect(onlyMessage(parseFile('join_group.json'))).toMatchObject({
      kind: 'event',
      threadKey: 'cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      meta: { event: { name: 'join' } },
    });
  });

  it('members joining a group are listed', () => {
    expect(onlyMessage(parseFile('member_joined.json'))).toMatchObject({
      threadKey: 'C1234567890',
      meta: { event: { name: 'member_joined', detail: 'U111111' } },
    });
  });

  it('an unsent message is withdrawn by its id', () => {
    expect(parseFile('unsend.json')).toEqual([{ type: 'unsend', providerMessageId: '325708', at: 1462629479859 }]);
  });

  it('a body with every event kind yields them all, unknown kinds as unsupported with their type', () => {
    const events = parseFile('webhook_all_events_python_sdk.json');
    const unsupported = events.flatMap((e) =>
      e.type === 'message' && e.kind === 'unsupported' ? [e.meta.providerType] : [],
    );
    expect(unsupported).toEqual(['beacon', 'beacon', 'accountLink', 'videoPlayComplete', 'undefined']);
    expect(events.filter((e) => e.type === 'edit')).toEqual([
      { type: 'edit', providerMessageId: '325708', text: 'Hello, edited world', at: 1462629479859 },
    ]);
    const names = events.flatMap((e) => (e.type === 'message' && e.kind === 'event' ? [e.meta.event?.name] : []));
    expect(names).toEqual(['follow', 'unfollow', 'join', 'leave', 'member_joined', 'member_left']);
    const follow = events.find((e) => e.type === 'message' && e.meta.event?.name === 'follow');
    expect(follow).toMatchObject({ meta: { event: { detail: 'unblocked' } } });
    const dated = events.find((e) => e.type === 'message' && e.meta.interactive?.title.includes('2017-12-25T01:00'));
    expect(dated).toBeDefined();
  });

  it('a redelivered event has the same id as the first delivery, and no stale reply token', () => {
    const first = onlyMessage(parseFile('webhook_redelivery_first_attempt.json'));
    const again = onlyMessage(parseFile('webhook_redelivery.json'));
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(first.replyToken).not.toBeNull();
    expect(again.replyToken).toBeNull();
  });

  it('an empty event list (the console Verify button) is accepted with nothing to store', () => {
    const req = webhookRequest({ rawBody: Buffer.from('{"destination":"U1","events":[]}') });
    expect(lineAdapter.parse(req, credentials).events).toEqual([]);
  });

  it('a body that is not a LINE webhook is refused as invalid', () => {
    for (const body of ['not json', '{"destination":"U1"}', '{"events":[{"type":"message"}]}']) {
      expect(() => lineAdapter.parse(webhookRequest({ rawBody: Buffer.from(body) }), credentials)).toThrowError(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
  });
});
