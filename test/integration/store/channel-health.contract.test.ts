/**
 * Channel health rows on both stores: what the admin's health page and every channel's summary show — the
 * latest save wins whole (facts cleared stay cleared), and a status or reason this hub does not know (a
 * newer hub's row) reads as not judged yet.
 */
import { expect, it } from 'vitest';
import type { ChannelHealthRecord } from '../../../src/hub/store/ports/channel-health.js';
import { describeStores } from './stores.js';
import { addChannel, T0 } from './fixtures.js';

const judged: ChannelHealthRecord = {
  channelId: 'ch-1',
  status: 'warning',
  reason: 'webhook-recent-error',
  since: T0 + 10,
  lastInboundAt: T0 + 8,
  lastSentAt: T0 + 9,
  sendFailuresInRow: 2,
  lastError: { code: 'PROVIDER_AUTH_FAILED', message: '401 Unauthorized', source: 'send', at: T0 + 9 },
  token: { status: 'refused', code: '401', message: 'Unauthorized', checkedAt: T0 + 7 },
  webhook: null,
  quality: null,
  updatedAt: T0 + 10,
};

describeStores('channel health', ({ open }) => {
  it('reads back what was saved; nothing before the first judgement', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    expect(await store.channelHealth.find('ch-1')).toBeNull();
    expect(await store.channelHealth.summaryOf('ch-1')).toBeNull();
    await store.channelHealth.save(judged);
    expect(await store.channelHealth.find('ch-1')).toEqual(judged);
    expect(await store.channelHealth.summaryOf('ch-1')).toEqual({
      status: 'warning',
      reason: 'webhook-recent-error',
      since: T0 + 10,
    });
  });

  it('a later save replaces the row whole: the new status, and facts cleared stay cleared', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await store.channelHealth.save(judged);
    const healthy: ChannelHealthRecord = {
      ...judged,
      status: 'ok',
      reason: null,
      since: T0 + 20,
      sendFailuresInRow: 0,
      lastError: null,
      token: { status: 'valid', code: null, message: null, checkedAt: T0 + 20 },
      updatedAt: T0 + 20,
    };
    await store.channelHealth.save(healthy);
    expect(await store.channelHealth.find('ch-1')).toEqual(healthy);
    expect(await store.channelHealth.summaryOf('ch-1')).toEqual({ status: 'ok', reason: null, since: T0 + 20 });
  });

  it('reads a status or reason it does not know as not judged yet', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await addChannel(store, { id: 'ch-2' });
    await store.channelHealth.save({ ...judged, status: 'melting' as 'ok' });
    await store.channelHealth.save({ ...judged, channelId: 'ch-2', reason: 'cosmic-rays' as 'not-checked' });
    expect(await store.channelHealth.find('ch-1')).toBeNull();
    expect(await store.channelHealth.summaryOf('ch-1')).toBeNull();
    expect(await store.channelHealth.summaryOf('ch-2')).toBeNull();
  });

  it('keeps health only for a channel that exists', async () => {
    const store = await open();
    await expect(store.channelHealth.save({ ...judged, channelId: 'no-such-channel' })).rejects.toThrow();
  });
});
