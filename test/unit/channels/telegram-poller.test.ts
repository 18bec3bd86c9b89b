import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramCredentials } from '../../../src/hub/channels/telegram/credentials.js';
import { TelegramPoller } from '../../../src/hub/channels/telegram/poller.js';
import type { InboundEvent } from '../../../src/hub/channels/types.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import {
  enqueueTelegramUpdate,
  telegramUpdatesQueue,
  type FakeTelegramUpdate,
} from '../../../src/fake-provider/telegram.js';

let fake: FakeProvider;
let tokenCounter = 0;
const pollers: TelegramPoller[] = [];

beforeAll(async () => {
  fake = await startFakeProvider();
});
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});
afterAll(async () => fake.close());

/** Each test gets its own bot, so its updates queue is its own. */
function freshCredentials(): TelegramCredentials {
  tokenCounter += 1;
  return {
    botToken: `${700000 + tokenCounter}:AAEpollerTest`,
    secretToken: 'unused',
    apiBaseUrl: fake.baseUrlFor('telegram'),
  };
}

function textUpdate(updateId: number, text: string): FakeTelegramUpdate {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      chat: { id: 42, type: 'private', first_name: 'Aiko' },
      from: { id: 42, is_bot: false, first_name: 'Aiko' },
      date: 1700000000,
      text,
    },
  };
}

/** Collects stored events; `waitFor(n)` resolves once n events were stored (or fails after a deadline). */
function collector(failFirst = 0): {
  onEvents: (events: readonly InboundEvent[]) => Promise<void>;
  stored: InboundEvent[];
  waitFor: (n: number) => Promise<void>;
} {
  const stored: InboundEvent[] = [];
  let failuresLeft = failFirst;
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    stored,
    onEvents: async (events) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('database is locked');
      }
      stored.push(...events);
      for (const w of waiters) if (stored.length >= w.n) w.resolve();
    },
    waitFor: (n) =>
      new Promise((resolve, reject) => {
        if (stored.length >= n) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${stored.length} of ${n} events stored`)), 10_000);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}

function startPoller(
  credentials: TelegramCredentials,
  onEvents: (events: readonly InboundEvent[]) => Promise<void>,
): TelegramPoller {
  const poller = new TelegramPoller({
    credentials,
    fetch,
    onEvents,
    pollTimeoutSeconds: 1,
    firstRetryMs: 5,
    maxRetryMs: 20,
  });
  pollers.push(poller);
  poller.start();
  return poller;
}

describe('Telegram long polling when the hub has no public URL', () => {
  it('customer messages arrive through getUpdates in order and are confirmed once stored', async () => {
    const credentials = freshCredentials();
    const sink = collector();
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(1, 'first'));
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(2, 'second'));
    startPoller(credentials, sink.onEvents);
    await sink.waitFor(2);
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(3, 'third'));
    await sink.waitFor(3);
    expect(sink.stored.map((e) => (e.type === 'message' ? e.text : null))).toEqual(['first', 'second', 'third']);
    expect(sink.stored.map((e) => e.providerMessageId)).toEqual(['42:1', '42:2', '42:3']);
    // The next getUpdates carries offset 4, which confirms (drops) everything already stored.
    await fake.state.waitForCall(
      'telegram',
      (c) => c.path.endsWith('/getUpdates') && Reflect.get(Object(c.json), 'offset') === 4,
    );
    await fake.state.waitUntil(() => fake.state.peek(telegramUpdatesQueue(credentials.botToken)).length === 0, 5_000);
    expect(fake.state.peek(telegramUpdatesQueue(credentials.botToken))).toHaveLength(0);
  });

  it('an update the hub failed to store comes back and is stored, so nothing is lost', async () => {
    const credentials = freshCredentials();
    const sink = collector(1);
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(10, 'please do not lose me'));
    startPoller(credentials, sink.onEvents);
    await sink.waitFor(1);
    expect(sink.stored).toHaveLength(1);
    expect(sink.stored[0]).toMatchObject({ providerMessageId: '42:10', text: 'please do not lose me' });
  });

  it('a webhook left over from an earlier setup is deleted so polling can work', async () => {
    const credentials = freshCredentials();
    const path = `/bot${credentials.botToken}/getUpdates`;
    fake.state.script('telegram', path, {
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      },
    });
    const sink = collector();
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(20, 'after the webhook'));
    startPoller(credentials, sink.onEvents);
    await sink.waitFor(1);
    const deleted = fake.state.callsTo('telegram', `/bot${credentials.botToken}/deleteWebhook`);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.json).toEqual({ drop_pending_updates: false });
  });

  it('polling keeps going after Telegram outages and rate limits', async () => {
    const credentials = freshCredentials();
    const path = `/bot${credentials.botToken}/getUpdates`;
    fake.state.script('telegram', path, { status: 502, body: 'Bad Gateway' }, 2);
    fake.state.script('telegram', path, {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 0',
        parameters: { retry_after: 0 },
      },
    });
    const sink = collector();
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(30, 'still here'));
    startPoller(credentials, sink.onEvents);
    await sink.waitFor(1);
    expect(sink.stored[0]).toMatchObject({ text: 'still here' });
  });

  it('a malformed update is skipped instead of blocking the messages behind it', async () => {
    const credentials = freshCredentials();
    const withoutChat = { update_id: 40, message: { message_id: 1 } };
    enqueueTelegramUpdate(fake.state, credentials.botToken, withoutChat);
    enqueueTelegramUpdate(fake.state, credentials.botToken, textUpdate(41, 'behind the bad one'));
    const sink = collector();
    startPoller(credentials, sink.onEvents);
    await sink.waitFor(1);
    expect(sink.stored.map((e) => e.providerMessageId)).toEqual(['42:41']);
  });

  it('stopping the poller ends the open long poll promptly', async () => {
    const credentials = freshCredentials();
    const poller = startPoller(credentials, collector().onEvents);
    await fake.state.waitForCall('telegram', (c) => c.path === `/bot${credentials.botToken}/getUpdates`);
    const started = Date.now();
    await poller.stop();
    expect(poller.running).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
