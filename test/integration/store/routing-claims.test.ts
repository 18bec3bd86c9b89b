/**
 * Picks on one channel from two hub nodes at once, on a real PostgreSQL (store/ports/routing.ts
 * `firstCandidate`): the agent a transaction takes is its own until it commits, so a second node picking
 * meanwhile takes the next agent without waiting; when every acceptable agent is held, it waits and weighs
 * them again, so an agent's last free place is never given twice.
 */
import { expect, it } from 'vitest';
import type { RoutingCandidate } from '../../../src/hub/store/ports/routing.js';
import { twoPostgresNodes } from './stores.js';
import { addAgent, addContact, addConversation, addConversationWorld } from './fixtures.js';

const twoNodes = twoPostgresNodes('claims');

/** A promise and the function that settles it. */
function gate(): { readonly wait: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** Routing's rule for these tests: at most one open conversation each. */
const underOne = (c: RoutingCandidate): boolean => c.open < 1;

it('a second node picking while the first holds its agent takes the next one at once, and the first keeps theirs', async () => {
  const [nodeA, nodeB] = await twoNodes();
  const { channel } = await addConversationWorld(nodeA);
  const agents = [await addAgent(nodeA, { id: 'agent-1' }), await addAgent(nodeA, { id: 'agent-2' })];
  const ids = agents.map((a) => a.id);
  const picked = gate();
  const release = gate();
  // Node A picks agent-1 (first in order) and keeps its transaction open.
  const first = nodeA.transaction(async () => {
    const chosen = await nodeA.routing.firstCandidate(channel.id, ids, () => true);
    picked.open();
    await release.wait;
    return chosen?.agentId;
  });
  await picked.wait;
  // Node B reads the same order but passes over the agent A holds, without waiting for A's commit.
  const second = await nodeB.transaction(
    async () => (await nodeB.routing.firstCandidate(channel.id, ids, () => true))?.agentId,
  );
  release.open();
  expect([await first, second]).toEqual(['agent-1', 'agent-2']);
});

it('when every acceptable agent is held, a pick waits and reads the assignment: a last free place is given once', async () => {
  const [nodeA, nodeB] = await twoNodes();
  const { channel } = await addConversationWorld(nodeA);
  const agent = await addAgent(nodeA, { id: 'agent-only' });
  const contact = await addContact(nodeA, channel.id);
  const picked = gate();
  const release = gate();
  // Node A gives the agent their one place and commits only when the test says.
  const first = nodeA.transaction(async () => {
    const chosen = await nodeA.routing.firstCandidate(channel.id, [agent.id], underOne);
    if (chosen)
      await addConversation(nodeA, { channelId: channel.id, contactId: contact.id }, { assigneeId: chosen.agentId });
    picked.open();
    await release.wait;
    return chosen?.agentId ?? null;
  });
  await picked.wait;
  let secondDone = false;
  const second = nodeB
    .transaction(async () => (await nodeB.routing.firstCandidate(channel.id, [agent.id], underOne))?.agentId ?? null)
    .finally(() => (secondDone = true));
  // B waits for A (it cannot know whether A's assignment will stand) …
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(secondDone).toBe(false);
  release.open();
  // … then reads it: the agent is full, and B gives them nothing.
  expect([await first, await second]).toEqual([agent.id, null]);
});
