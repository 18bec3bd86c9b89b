/**
 * Live events in batches (SocketAuth.batchEvents): a burst of changes reaches
 * a batching socket as `events` pushes in seq order, while sockets that did
 * not ask keep getting one `event` push each — and nobody gets both.
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
  it('a burst of customer messages reaches a batching agent in order, in fewer pushes than events', async () => {
    const { agent, token } = await hub.createAgent();
    const channel = await hub.createChannel({ linkAgentIds: [agent.id] });
    const batching = await openSocket(hub.url, token, { batchEvents: true });
    const oneByOne = await hub.connect(token);
    sockets.push(batching);
    for (let i = 0; i < 5; i += 1) hub.ingestText(channel.id, { from: `customer-${i}`, text: `hello ${i}` });
    await oneByOne.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'hello 4');
    await batching.waitForPush('events', (payload) =>
      Batch.parse(payload).some((e) => e.type === 'message.upsert' && e.message.text === 'hello 4'),
    );
    const batched = batchedEvents(batching);
    const seqs = batched.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs).toEqual(oneByOne.events.map((e) => e.seq));
    const texts = batched.flatMap((e) => (e.type === 'message.upsert' ? [e.message.text] : []));
    expect(texts).toEqual(['hello 0', 'hello 1', 'hello 2', 'hello 3', 'hello 4']);
    expect(batching.pushes.filter((p) => p.name === 'events').length).toBeLessThan(batched.length);
  });

  it('an agent that did not ask for batches gets each event alone, and a batching one never gets them twice', async () => {
    const { agent, token } = await hub.createAgent();
    const channel = await hub.createChannel({ linkAgentIds: [agent.id] });
    const batching = await openSocket(hub.url, token, { batchEvents: true });
    const oneByOne = await hub.connect(token);
    sockets.push(batching);
    hub.ingestText(channel.id, { from: 'customer', text: 'only once' });
    await oneByOne.waitForEvent((e) => e.type === 'message.upsert');
    await batching.waitForPush('events');
    expect(oneByOne.pushes.some((p) => p.name === 'events')).toBe(false);
    expect(batching.events).toEqual([]);
  });
});
