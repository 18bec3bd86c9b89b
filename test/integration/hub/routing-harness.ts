/**
 * Helpers of the routing suites (routing-*.test.ts): a real hub whose routing tick runs every few
 * milliseconds on the test clock, customers writing, and what an agent or admin would see of the result —
 * assignees, the queue's figures (GET /api/queues) and the thread's activity lines.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ActivityChange } from '../../../src/shared/activity.js';
import { ChannelRouting, type ChannelQueue, type Conversation } from '../../../src/shared/domain.js';
import { QueuesResponse } from '../../../src/shared/protocol.js';
import { startHub, type StartHubOptions, type TestHub, type TestSocket } from '../../helpers/hub.js';

export const MINUTE = 60_000;

export function routingHub(options: StartHubOptions = {}): Promise<TestHub> {
  return startHub({ ...options, config: { routingCheckIntervalMs: 10, ...options.config } });
}

export const routing = (over: Partial<ChannelRouting> = {}): ChannelRouting => ChannelRouting.parse(over);

/** A customer writes; the id of their conversation. */
export async function customerWrites(t: TestHub, channelId: string, from: string, text = 'hello?'): Promise<string> {
  const ingested = await t.ingestText(channelId, { from, text });
  const id = (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId;
  if (id === undefined) throw new Error('no conversation');
  return id;
}

export async function conversation(t: TestHub, id: string): Promise<Conversation> {
  const found = (await t.hub.store.conversations.findById(id))?.conversation;
  if (!found) throw new Error(`no conversation ${id}`);
  return found;
}

export const assigneeOf = async (t: TestHub, id: string): Promise<string | null> =>
  (await conversation(t, id)).assigneeId;

/** Polls until `check` holds (the routing tick and queue runs are asynchronous); fails with `what`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** Lets a few routing ticks run (to show that something does NOT happen yet). */
export async function someTicks(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 120));
}

/** The queue of `channelId` as GET /api/queues gives it to the bearer of `token`. */
export async function queueOf(t: TestHub, token: string, channelId: string): Promise<ChannelQueue | undefined> {
  const res = await t.api('GET', '/api/queues', { token });
  expect(res.status).toBe(200);
  return QueuesResponse.parse(res.body).queues.find((q) => q.channelId === channelId);
}

/** The routing activity lines of the thread, oldest first. */
export async function routingLines(
  t: TestHub,
  conversationId: string,
): Promise<Extract<ActivityChange, { kind: 'routing' }>[]> {
  return (await t.hub.store.activity.listOfConversation(conversationId)).flatMap(({ change }) =>
    change.kind === 'routing' ? [change] : [],
  );
}

/** The agent answers the customer. */
export async function reply(sock: TestSocket, conversationId: string, text = 'Hello, how can I help?'): Promise<void> {
  const ack = await sock.command('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text });
  if (!ack.ok) throw new Error(ack.error.message);
}

export async function setPresence(sock: TestSocket, presence: 'online' | 'away'): Promise<void> {
  const ack = await sock.command('presence.set', { presence });
  if (!ack.ok) throw new Error(ack.error.message);
}
