import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueTelegramUpdate } from '../../../src/fake-provider/telegram.js';
import { startHarness, waitFor, type Harness } from './harness.js';

const TG = { botToken: '777000:PollingBot_token', secretToken: 'poll-secret' };

describe('a hub without a public URL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ publicUrl: null });
  });
  afterAll(async () => h.stop());

  it('long-polls Telegram with getUpdates and delivers each update once', async () => {
    const channel = await h.createChannel('telegram', { ...TG, apiBaseUrl: h.fake.baseUrlFor('telegram') });
    const agent = await h.linkedAgent(channel.id);
    await h.fake.state.waitForCall('telegram', (c) => c.path.endsWith('/getUpdates'));
    const update = {
      update_id: 5001,
      message: {
        message_id: 42,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 99001, type: 'private', first_name: '花子' },
        from: { id: 99001, is_bot: false, first_name: '花子', username: 'hanako' },
        text: '配送状況を教えてください',
      },
    };
    enqueueTelegramUpdate(h.fake.state, TG.botToken, update);
    const message = await waitFor('the polled message', () => agent.message((m) => m.providerMessageId === '99001:42'));
    expect(message).toMatchObject({ direction: 'in', text: '配送状況を教えてください' });
    // The next getUpdates confirms the update with offset 5002, so Telegram drops it.
    await h.fake.state.waitForCall(
      'telegram',
      (c) => c.path.endsWith('/getUpdates') && JSON.stringify(c.json).includes('5002'),
    );
    expect(await h.hub.store.messages.count([channel.id])).toBe(1);
    expect(h.fake.state.callsTo('telegram', '/setWebhook')).toHaveLength(0);
    expect(h.runtime.links.isPolling(channel.id)).toBe(true);
  });

  it('stops polling a channel once it is removed', async () => {
    const channel = await h.createChannel('telegram', {
      botToken: '777001:OtherBot_token',
      secretToken: 'other',
      apiBaseUrl: h.fake.baseUrlFor('telegram'),
    });
    await waitFor('polling', () => h.runtime.links.isPolling(channel.id));
    const res = await h.api('DELETE', `/api/channels/${channel.id}`, undefined, h.adminToken);
    expect(res.status).toBeLessThan(300);
    await waitFor('polling stopped', () => !h.runtime.links.isPolling(channel.id));
  });
});

describe('a hub with a public URL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ publicUrl: 'https://support.example.com' });
  });
  afterAll(async () => h.stop());

  it('registers the channel webhook with Telegram when the channel is created, with its secret token', async () => {
    const channel = await h.createChannel('telegram', { ...TG, apiBaseUrl: h.fake.baseUrlFor('telegram') });
    const call = await h.fake.state.waitForCall('telegram', (c) => c.path.endsWith('/setWebhook'));
    expect(call.path).toBe(`/bot${TG.botToken}/setWebhook`);
    expect(call.json).toMatchObject({
      url: `https://support.example.com/webhooks/${channel.id}`,
      secret_token: TG.secretToken,
    });
    expect(h.runtime.links.isPolling(channel.id)).toBe(false);
  });
});
