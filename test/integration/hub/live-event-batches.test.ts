/**
 * Live events in batches: a burst of changes reaches every socket as `events`
 * pushes in seq order, fewer pushes than events; SocketAuth.batchEvents is
 * ignored, and no socket gets one `event` push per event any more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HubEvent } from '../../../src/shared/protocol.js';
import { openSocket, startHub, type TestHub, type TestSocket } from '../../helpers/hub.js';

let hub: TestHub;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  hub = await startHub();
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub.stop();
});

const Batch = z.array(HubEvent);

function batchedEvents(socket: TestSocket): HubEvent[] {
  return socket.pushes.filter((p) => p.name === 'events').flatMap((p) => Batch.parse(p.payload));
}

describe('live event batches', () => {
  it('a burst of customer messages reaches every agent socket in order, in fewer pushes than events', async () => {
    const { agent, token } = await hub.createAgent();
    const channel = await hub.createChannel({ linkAgentIds: [agent.id] });
    const batching = await openSocket(hub.url, token, { batchEvents: true });
    const other = await hub.connect(token);
    sockets.push(batching);
    for (let i = 0; i < 5; i += 1) await hub.ingestText(channel.id, { from: `customer-${i}`, text: `hello ${i}` });
    await other.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'hello 4');
    await batching.waitForPush('events', (payload) =>
      Batch.parse(payload).some((e) => e.type === 'message.upsert' && e.message.text === 'hello 4'),
    );
    const batched = batchedEvents(batching);
    const seqs = batched.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs).toEqual(other.events.map((e) => e.seq));
    const texts = batched.flatMap((e) => (e.type === 'message.upsert' ? [e.message.text] : []));
    expect(texts).toEqual(['hello 0', 'hello 1', 'hello 2', 'hello 3', 'hello 4']);
    expect(batching.pushes.filter((p) => p.name === 'events').length).toBeLessThan(batched.length);
  });

  it('a socket that did not ask for batches gets them too, and never a one-by-one `event` push', async () => {
    const { agent, token } = await hub.createAgent();
    const channel = await hub.createChannel({ linkAgentIds: [agent.id] });
    const plain = await openSocket(hub.url, token);
    sockets.push(plain);
    await hub.ingestText(channel.id, { from: 'customer', text: 'only once' });
    await plain.waitForPush('events', (payload) =>
      Batch.parse(payload).some((e) => e.type === 'message.upsert' && e.message.text === 'only once'),
    );
    expect(plain.pushes.some((p) => p.name === 'event')).toBe(false);
    expect(batchedEvents(plain).filter((e) => e.type === 'message.upsert')).toHaveLength(1);
  });
});
