import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { telegramAdapter } from '../../../src/hub/channels/telegram/adapter.js';
import { TelegramCredentials } from '../../../src/hub/channels/telegram/credentials.js';
import type { InboundEvent } from '../../../src/hub/channels/types.js';
import { MessageMeta } from '../../../src/shared/domain.js';
import { AppError } from '../../../src/shared/errors.js';
import { fixtureBytes, fixtureJson, payloadFiles, webhookRequest } from './fixture-request.js';

const credentials: TelegramCredentials = { botToken: '123456789:AAEfakeTokenForTests_-', secretToken: 'vasya228' };

function parseFile(name: string): InboundEvent[] {
  return [...telegramAdapter.parse(webhookRequest({ rawBody: fixtureBytes(`telegram/${name}`) }), credentials).events];
}

function parseJson(update: unknown): InboundEvent[] {
  return [
    ...telegramAdapter.parse(webhookRequest({ rawBody: Buffer.from(JSON.stringify(update)) }), credentials).events,
  ];
}

function only(events: InboundEvent[]): InboundEvent {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error('no event');
  return event;
}

function onlyMessage(events: InboundEvent[]): Extract<InboundEvent, { type: 'message' }> {
  const event = only(events);
  if (event.type !== 'message') throw new Error(`expected a message, got ${event.type}`);
  return event;
}

const SecretVectors = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      configured_secret: z.string(),
      headers: z.record(z.string(), z.string()).optional(),
      body_file: z.string().optional(),
      expected: z.string(),
    }),
  ),
});

describe('Telegram webhook authentication (secret token vectors)', () => {
  const vectors = SecretVectors.parse(fixtureJson('telegram/secret_token_vectors.json'));

  for (const vector of vectors.cases) {
    if (vector.body_file === undefined) {
      it(`a channel cannot be created with the secret of vector ${vector.id}`, () => {
        const result = TelegramCredentials.safeParse({ ...credentials, secretToken: vector.configured_secret });
        expect(result.success).toBe(false);
      });
      continue;
    }
    const bodyFile = vector.body_file;
    it(`vector ${vector.id} is ${vector.expected === 'accept' ? 'accepted' : 'refused with 401'}`, () => {
      const creds = TelegramCredentials.parse({ ...credentials, secretToken: vector.configured_secret });
      const req = webhookRequest({ rawBody: fixtureBytes(bodyFile), headers: vector.headers ?? {} });
      const result = telegramAdapter.verify(req, creds);
      if (vector.expected === 'accept') expect(result).toEqual({ ok: true });
      else expect(result).toMatchObject({ ok: false, status: 401 });
    });
  }

  it('a secret of 257 characters is refused when the channel is created', () => {
    expect(TelegramCredentials.safeParse({ ...credentials, secretToken: 'A'.repeat(257) }).success).toBe(false);
  });

  it('a bot token without the numeric bot id is refused when the channel is created', () => {
    expect(TelegramCredentials.safeParse({ ...credentials, botToken: 'not-a-token' }).success).toBe(false);
  });

  it('the channel identity is the bot id, so the same bot cannot be swapped for another', () => {
    expect(telegramAdapter.identityOf(credentials)).toBe('123456789');
  });
});

describe('every Telegram update in the corpus becomes events', () => {
  for (const file of payloadFiles('telegram', '.json')) {
    it(`${file} yields at least one event whose details fit the message schema`, () => {
      const events = parseFile(file);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        if (event.type === 'message') {
          expect(MessageMeta.safeParse(event.meta).success).toBe(true);
          expect(event.sender.phone).toBeNull();
        }
      }
    });
  }
});

describe('Telegram messages as an agent sees them', () => {
  it('a private text keeps its words, the sender and a chat-scoped message id', () => {
    const m = onlyMessage(parseFile('text_private.json'));
    expect(m).toMatchObject({
      providerMessageId: '408258968:154',
      kind: 'text',
      text: '4',
      threadKey: null,
      at: 1581448857000,
      sender: { externalId: '408258968', name: 'Hirrolot', username: 'hirrolot', phone: null },
    });
  });

  it('Cyrillic names and emoji arrive intact', () => {
    const m = onlyMessage(parseFile('text_private_cyrillic_emoji.json'));
    expect(m.text).toBe('Лол кек 😂');
    expect(m.sender.name).toBe('Андрей Власов');
  });

  it('a text with a link preview and the aiogram update are plain texts', () => {
    expect(onlyMessage(parseFile('text_private_link_preview.json')).text).toBe('hello there');
    expect(onlyMessage(parseFile('update_aiogram.json')).text).toBe('Hi, world!');
  });

  it('a photo keeps only its largest size, as a JPEG to download', () => {
    const m = onlyMessage(parseFile('photo.json'));
    expect(m.kind).toBe('image');
    expect(m.media).toEqual([
      {
        ref: 'AgADAgAD36sxG-PX0UvQSXIn9rccdw-ACA4ABAEAAwIAA3kAAyTcBAABFgQ',
        mimeType: 'image/jpeg',
        fileName: null,
        size: 75245,
      },
    ]);
  });

  it('a photo caption becomes the message text', () => {
    const m = onlyMessage(parseFile('photo_with_caption.json'));
    expect(m).toMatchObject({ kind: 'image', text: 'photo description' });
  });

  it('a document keeps its file name, type, size and caption', () => {
    const m = onlyMessage(parseFile('document_with_caption.json'));
    expect(m).toMatchObject({ kind: 'document', text: 'Read my document' });
    expect(m.media[0]).toEqual({
      ref: 'BQADAgADpgADy_JxS66XQTBRHFleAg',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: 'test.docx',
      size: 21331,
    });
  });

  it('a voice note is a voice message in OGG', () => {
    const m = onlyMessage(parseFile('voice.json'));
    expect(m.kind).toBe('voice');
    expect(m.media[0]).toMatchObject({ ref: 'AwADawAgADADy_JxS2gopIVIIxlhAg', mimeType: 'audio/ogg', size: 4321 });
  });

  it('an animated sticker names its set and is fetched as a .tgs file', () => {
    const m = onlyMessage(parseFile('sticker_private_animated.json'));
    expect(m.kind).toBe('sticker');
    expect(m.meta.sticker).toEqual({ id: 'AgADIwADsND4DA', packId: 'AdvenTimeAnim' });
    expect(m.media[0]?.mimeType).toBe('application/x-tgsticker');
  });

  it('an edited message updates the original by its id with the new text', () => {
    expect(only(parseFile('edited_message.json'))).toEqual({
      type: 'edit',
      providerMessageId: '12345678:12345',
      text: 'hi there (edited)',
      at: 1508825379000,
    });
  });

  it('an inline button press is an interactive reply carrying the button data', () => {
    const m = onlyMessage(parseFile('callback_query_inline_message.json'));
    expect(m).toMatchObject({
      providerMessageId: 'update:10000',
      kind: 'interactive',
      text: 'Data from button callback',
      sender: { externalId: '1111111', name: 'Test Firstname Test Lastname', username: 'Testusername' },
      meta: { interactive: { id: 'Data from button callback', title: 'Data from button callback' } },
    });
  });
});

describe('Telegram group chats', () => {
  it('a group message lives in the group conversation and says who wrote it and what it replies to', () => {
    const m = onlyMessage(parseFile('group_supergroup_command_reply.json'));
    expect(m).toMatchObject({
      providerMessageId: '-1001293752024:134546',
      threadKey: '-1001293752024',
      text: '/report',
      sender: { externalId: '5964236329', username: 'spacewhaleblues' },
      meta: { groupSender: 'the Cable Guy', replyToProviderMessageId: '-1001293752024:134545' },
    });
  });

  it('a pinned message is shown as a group event pointing at the pinned message', () => {
    const m = onlyMessage(parseFile('group_pinned_message.json'));
    expect(m).toMatchObject({
      kind: 'event',
      threadKey: '-1001276785818',
      meta: { event: { name: 'pinned_message', detail: '-1001276785818:20224' } },
    });
  });

  it('a group that becomes a supergroup announces its new chat id', () => {
    const m = onlyMessage(parseFile('group_migrate_to_supergroup.json'));
    expect(m).toMatchObject({
      kind: 'event',
      threadKey: '-599075523',
      meta: { event: { name: 'migrated_to_supergroup', detail: '-1001555296434' } },
    });
  });

  it('a dice roll is kept as an unsupported message showing the roll', () => {
    const m = onlyMessage(parseFile('group_dice.json'));
    expect(m).toMatchObject({ kind: 'unsupported', text: '🎲 2', meta: { providerType: 'dice' } });
  });
});

describe('Telegram updates beyond plain messages', () => {
  const chat = { id: 42, type: 'private', first_name: 'Aiko' };
  const from = { id: 42, is_bot: false, first_name: 'Aiko', last_name: 'Tanaka' };

  it('a reaction points at the message it reacts to', () => {
    const m = onlyMessage(
      parseJson({
        update_id: 7,
        message_reaction: {
          chat,
          message_id: 99,
          user: from,
          date: 1700000000,
          old_reaction: [],
          new_reaction: [{ type: 'emoji', emoji: '👍' }],
        },
      }),
    );
    expect(m).toMatchObject({
      providerMessageId: 'update:7',
      kind: 'reaction',
      meta: { reaction: { emoji: '👍', targetProviderMessageId: '42:99' } },
    });
  });

  it('a customer blocking the bot shows as a "blocked" event', () => {
    const m = onlyMessage(
      parseJson({
        update_id: 8,
        my_chat_member: {
          chat,
          from,
          date: 1700000000,
          old_chat_member: { status: 'member', user: { id: 1, is_bot: true, first_name: 'bot' } },
          new_chat_member: { status: 'kicked', user: { id: 1, is_bot: true, first_name: 'bot' } },
        },
      }),
    );
    expect(m).toMatchObject({ kind: 'event', meta: { event: { name: 'blocked', detail: 'kicked' } } });
  });

  it('a location, a venue and a shared contact keep their details', () => {
    const base = { message_id: 5, chat, from, date: 1700000000 };
    const location = onlyMessage(
      parseJson({ update_id: 1, message: { ...base, location: { latitude: 35.6, longitude: 139.7 } } }),
    );
    expect(location.meta.location).toEqual({ latitude: 35.6, longitude: 139.7 });
    const venue = onlyMessage(
      parseJson({
        update_id: 2,
        message: {
          ...base,
          venue: { location: { latitude: 1, longitude: 2 }, title: '渋谷駅', address: '東京都渋谷区' },
        },
      }),
    );
    expect(venue.meta.location).toEqual({ latitude: 1, longitude: 2, name: '渋谷駅', address: '東京都渋谷区' });
    const contact = onlyMessage(
      parseJson({ update_id: 3, message: { ...base, contact: { phone_number: '+81901234', first_name: 'Ken' } } }),
    );
    expect(contact).toMatchObject({ kind: 'contacts', meta: { contacts: [{ name: 'Ken', phones: ['+81901234'] }] } });
  });

  it('a video, an audio file and a GIF animation are media messages', () => {
    const base = { message_id: 6, chat, from, date: 1700000000 };
    const file = { file_id: 'F1', file_size: 10 };
    expect(onlyMessage(parseJson({ update_id: 1, message: { ...base, video: file } })).kind).toBe('video');
    expect(onlyMessage(parseJson({ update_id: 2, message: { ...base, audio: file } })).kind).toBe('audio');
    const gif = onlyMessage(parseJson({ update_id: 3, message: { ...base, animation: file, document: file } }));
    expect(gif).toMatchObject({ kind: 'video', media: [{ ref: 'F1', mimeType: 'video/mp4' }] });
  });

  it('an update kind the hub does not know is kept as unsupported with its type, not dropped', () => {
    const m = onlyMessage(parseJson({ update_id: 9, chat_join_request: { chat, from, date: 1700000000 } }));
    expect(m).toMatchObject({
      kind: 'unsupported',
      meta: { providerType: 'chat_join_request' },
      sender: { externalId: '42' },
    });
    const poll = onlyMessage(parseJson({ update_id: 10, poll: { id: 'p', question: 'q', options: [] } }));
    expect(poll).toMatchObject({
      kind: 'unsupported',
      meta: { providerType: 'poll' },
      sender: { externalId: 'telegram' },
    });
  });

  it('a message content the hub does not know is kept as unsupported with its field name', () => {
    const m = onlyMessage(
      parseJson({ update_id: 11, message: { message_id: 1, chat, from, date: 1, game: { title: 'g' } } }),
    );
    expect(m).toMatchObject({ kind: 'unsupported', meta: { providerType: 'game' } });
  });

  it('the same update delivered twice carries the same provider id, so it is stored once', () => {
    const first = onlyMessage(parseFile('text_private.json'));
    const again = onlyMessage(parseFile('text_private.json'));
    expect(again.providerMessageId).toBe(first.providerMessageId);
  });
});

describe('malformed Telegram webhooks', () => {
  function parseRaw(body: string): () => unknown {
    return () => telegramAdapter.parse(webhookRequest({ rawBody: Buffer.from(body) }), credentials);
  }

  it('a body that is not JSON is refused as invalid', () => {
    expect(parseRaw('update_id=1')).toThrow(AppError);
    expect(parseRaw('{')).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('an update without update_id or a message without its chat is refused as invalid', () => {
    expect(parseRaw('{"message":{}}')).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(parseRaw('{"update_id":1,"message":{"message_id":1,"date":1}}')).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
