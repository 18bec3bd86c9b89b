/**
 * Fills a running hub's store directly (no webhooks): contacts,
 * conversations and messages of a corpus on one channel, each with the
 * event-log entry the services would have appended, in batched
 * transactions. Used by the initial sync figure, where 200,000 webhooks
 * would only measure seeding.
 */
import type { Message } from '../../src/shared/domain.js';
import type { HubEventBody } from '../../src/shared/protocol.js';
import type { Store } from '../../src/hub/store/store.js';
import type { Corpus } from './corpus.js';

const BATCH = 5000;

export interface HubSeedTarget {
  readonly store: Store;
  readonly channelId: string;
  /** The hub agent that stands in for the corpus's agents (assignee, sender of replies). */
  readonly agentId: string;
}

export async function seedHub(target: HubSeedTarget, corpus: Corpus): Promise<number> {
  const { store, channelId, agentId } = target;
  const visibility = { channelId, agentId: null };
  const append = async (body: HubEventBody, at: number): Promise<void> =>
    void (await store.events.appendMany([{ body, visibility, at }]));
  const times = corpus.lastMessageTimes();
  const { conversations, messages } = corpus.shape;
  for (let start = 0; start < conversations; start += BATCH) {
    await store.transaction(async () => {
      for (let n = start; n < Math.min(conversations, start + BATCH); n += 1) {
        const contact = { ...corpus.contact(n), channelId };
        const base = corpus.conversation(n, times[n] ?? 0);
        const conversation = { ...base, channelId, assigneeId: base.assigneeId === null ? null : agentId };
        await store.contacts.insert({ contact, threadKey: '' });
        await append({ type: 'contact.upsert', contact }, contact.createdAt);
        await store.conversations.insert({ conversation, replyToken: null });
        await append({ type: 'conversation.upsert', conversation }, conversation.updatedAt);
      }
    });
  }
  for (let start = 0; start < messages; start += BATCH) {
    await store.transaction(async () => {
      for (let k = start; k < Math.min(messages, start + BATCH); k += 1) {
        const base = corpus.message(k);
        // Attachments would need blobs on the hub; the text and its indexing are what sync carries.
        const message: Message = {
          ...base,
          kind: 'text',
          attachments: [],
          senderAgentId: base.senderAgentId === null ? null : agentId,
        };
        await store.messages.insert({ message, channelId, replyToMessageId: null });
        await append({ type: 'message.upsert', message }, message.createdAt);
      }
    });
  }
  return await store.events.latestSeq();
}
