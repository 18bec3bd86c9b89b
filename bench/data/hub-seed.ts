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

export function seedHub(target: HubSeedTarget, corpus: Corpus): number {
  const { store, channelId, agentId } = target;
  const visibility = { channelId, agentId: null };
  const append = (body: HubEventBody, at: number): void => void store.events.append(body, visibility, at);
  const times = corpus.lastMessageTimes();
  const { conversations, messages } = corpus.shape;
  for (let start = 0; start < conversations; start += BATCH) {
    store.transaction(() => {
      for (let n = start; n < Math.min(conversations, start + BATCH); n += 1) {
        const contact = { ...corpus.contact(n), channelId };
        const base = corpus.conversation(n, times[n] ?? 0);
        const conversation = { ...base, channelId, assigneeId: base.assigneeId === null ? null : agentId };
        store.contacts.insert({ contact, threadKey: '' });
        append({ type: 'contact.upsert', contact }, contact.createdAt);
        store.conversations.insert({ conversation, replyToken: null });
        append({ type: 'conversation.upsert', conversation }, conversation.updatedAt);
      }
    });
  }
  for (let start = 0; start < messages; start += BATCH) {
    store.transaction(() => {
      for (let k = start; k < Math.min(messages, start + BATCH); k += 1) {
        const base = corpus.message(k);
        // Attachments would need blobs on the hub; the text and its indexing are what sync carries.
        const message: Message = {
          ...base,
          kind: 'text',
          attachments: [],
          senderAgentId: base.senderAgentId === null ? null : agentId,
        };
        store.messages.insert({ message, channelId, replyToMessageId: null });
        append({ type: 'message.upsert', message }, message.createdAt);
      }
    });
  }
  return store.events.latestSeq();
}
