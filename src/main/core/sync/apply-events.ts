/**
 * Applies hub events to the cache: one batch, one transaction, together with
 * the new last-applied sequence number, so a crash leaves the cache at a page
 * boundary and never half-way. Events at or below the last applied sequence
 * are skipped; payloads are full snapshots applied as upserts, so replaying
 * anything changes nothing. Never touches the network.
 */
import type { Conversation, Message } from '../../../shared/domain.js';
import type { HubEvent, HubEventBody } from '../../../shared/protocol.js';
import type { ClientCache } from '../cache/client-cache.js';

/** A change the notification policy may speak about. */
export type NotifyCandidate =
  | { readonly type: 'inbound'; readonly message: Message }
  | { readonly type: 'assigned'; readonly conversation: Conversation };

export interface ApplyResult {
  readonly applied: number;
  readonly lastSeq: number;
  /** Conversations whose row changed (inbox re-reads them). */
  readonly conversationIds: ReadonlySet<string>;
  /** Conversations whose messages changed (open conversation re-reads). */
  readonly messageConversationIds: ReadonlySet<string>;
  /** Per conversation: the messages written and the outbox entries settled (client ids), in batch order. */
  readonly messageIds: ReadonlyMap<string, ReadonlySet<string>>;
  /** Contacts written (a renamed contact shows in its rows). */
  readonly contactIds: ReadonlySet<string>;
  readonly candidates: readonly NotifyCandidate[];
  /** Outbox rows settled because the hub's copy of the message arrived. */
  readonly settledClientIds: readonly string[];
  readonly channelsChanged: boolean;
  readonly agentsChanged: boolean;
  /** Channels whose templates changed (a newly approved one reaches the composer). */
  readonly templateChannelIds: ReadonlySet<string>;
  /** A contact was purged (contact.remove): its files and unsent replies go, and the cache is scrubbed. */
  readonly contactsRemoved: boolean;
  /** Outbox entries dropped with a purged contact's conversations (their staged files are left to remove). */
  readonly removedClientIds: readonly string[];
  /** Channels whose queue figure changed (the inbox's queue summary re-reads). */
  readonly queueChannelIds: ReadonlySet<string>;
  /** Attachments of a purged contact's messages (their cached files are left to remove). */
  readonly removedAttachmentIds: readonly string[];
}

interface Collector {
  conversationIds: Set<string>;
  /** Conversations whose unread count must be counted again (new row, read marker, moved message). */
  recount: Set<string>;
  messageConversationIds: Set<string>;
  messageIds: Map<string, Set<string>>;
  contactIds: Set<string>;
  candidates: NotifyCandidate[];
  settledClientIds: string[];
  channelsChanged: boolean;
  agentsChanged: boolean;
  templateChannelIds: Set<string>;
  contactsRemoved: boolean;
  removedClientIds: string[];
  removedAttachmentIds: string[];
  queueChannelIds: Set<string>;
}

const newCollector = (): Collector => ({
  conversationIds: new Set(),
  recount: new Set(),
  messageConversationIds: new Set(),
  messageIds: new Map(),
  contactIds: new Set(),
  candidates: [],
  settledClientIds: [],
  channelsChanged: false,
  agentsChanged: false,
  templateChannelIds: new Set(),
  contactsRemoved: false,
  removedClientIds: [],
  removedAttachmentIds: [],
  queueChannelIds: new Set(),
});

function noteMessage(out: Collector, conversationId: string, id: string): void {
  out.messageConversationIds.add(conversationId);
  let ids = out.messageIds.get(conversationId);
  if (!ids) {
    ids = new Set();
    out.messageIds.set(conversationId, ids);
  }
  ids.add(id);
}

/**
 * The last snapshot of each conversation in a batch (a burst brings one per message: writing the
 * row once is the same end state), or null when the batch removes something: then every event is
 * applied in turn, so nothing removed comes back or goes missing in between.
 */
function latestConversations(events: readonly HubEvent[]): Map<string, Conversation> | null {
  const latest = new Map<string, Conversation>();
  for (const event of events) {
    if (event.type === 'contact.remove' || event.type === 'channel.remove') return null;
    if (event.type === 'conversation.upsert') latest.set(event.conversation.id, event.conversation);
  }
  return latest;
}

export class EventApplier {
  constructor(private readonly cache: ClientCache) {}

  /** Applies a batch of log events (any order; duplicates and old ones skipped) in one transaction. */
  applyEvents(events: readonly HubEvent[]): ApplyResult {
    return this.cache.transaction(() => {
      const out = newCollector();
      let lastSeq = this.cache.syncState.get().lastSeq;
      let applied = 0;
      const fresh = [...events].sort((a, b) => a.seq - b.seq).filter((event) => event.seq > lastSeq);
      const latest = latestConversations(fresh);
      for (const event of fresh) {
        if (event.type !== 'conversation.upsert' || !latest) this.applyBody(event, event.seq, out);
        else {
          // Where the conversation first appears, its last snapshot of the batch; its other ones are older.
          const conversation = latest.get(event.conversation.id);
          latest.delete(event.conversation.id);
          if (conversation) this.applyConversation(conversation, out);
        }
        lastSeq = event.seq;
        applied += 1;
      }
      this.finish(out);
      this.cache.syncState.setLastSeq(lastSeq);
      return { ...out, applied, lastSeq };
    });
  }

  /**
   * Moves the last applied sequence to `seq` when the hub says nothing visible
   * to this agent lies before it; never moves it back. Returns the new value.
   */
  advanceTo(seq: number): number {
    return this.cache.transaction(() => {
      const current = this.cache.syncState.get().lastSeq;
      if (seq > current) this.cache.syncState.setLastSeq(seq);
      return Math.max(seq, current);
    });
  }

  /**
   * Applies a page of a snapshot rebuild in one transaction. The first page
   * empties the hub-derived tables in the same transaction (outbox, drafts,
   * read markers and attachment files stay) and resets the sequence to 0; the
   * last page sets it to the snapshot's `asOfSeq`. A crash in between leaves
   * 0, so the next start replays the log from the beginning (or, when the
   * hub compacted it, is told to rebuild again): never a half cache that
   * believes it is complete.
   */
  applySnapshotPage(
    items: readonly HubEventBody[],
    page: { first: boolean; asOfSeq: number; last: boolean; logId?: string | null },
  ): ApplyResult {
    return this.cache.transaction(() => {
      const out = newCollector();
      if (page.first) {
        this.cache.entities.clearHubData();
        this.cache.cannedReplies.clear();
        this.cache.activity.clear();
        this.cache.queues.clear();
        this.cache.syncState.setLastSeq(0);
        this.cache.syncState.setLogId(null);
      }
      for (const item of items) this.applyBody(item, page.asOfSeq, out);
      this.finish(out);
      const lastSeq = page.last ? page.asOfSeq : this.cache.syncState.get().lastSeq;
      if (page.last) {
        this.cache.syncState.setLastSeq(page.asOfSeq);
        this.cache.syncState.setLogId(page.logId ?? null);
      }
      return { ...out, applied: items.length, lastSeq, candidates: [] };
    });
  }

  private applyBody(body: HubEventBody, seq: number, out: Collector): void {
    const { entities } = this.cache;
    switch (body.type) {
      case 'agent.upsert':
        entities.upsertAgent(body.agent);
        out.agentsChanged = true;
        return;
      case 'channel.upsert':
        entities.upsertChannel(body.channel);
        out.channelsChanged = true;
        return;
      case 'channel.remove':
        entities.removeChannel(body.channelId);
        this.cache.cannedReplies.removeOfChannel(body.channelId);
        out.channelsChanged = true;
        return;
      case 'contact.upsert':
        entities.upsertContact(body.contact);
        out.contactIds.add(body.contact.id);
        return;
      case 'contact.remove': {
        const removed = entities.removeContact(body.contactId, body.conversationIds);
        for (const id of removed.conversationIds) out.conversationIds.add(id);
        out.removedClientIds.push(...removed.clientIds);
        out.removedAttachmentIds.push(...removed.attachmentIds);
        out.contactsRemoved = true;
        return;
      }
      case 'conversation.upsert':
        return this.applyConversation(body.conversation, out);
      case 'message.upsert':
        return this.applyMessage(body.message, seq, out);
      case 'template.upsert':
        entities.upsertTemplate(body.template);
        out.templateChannelIds.add(body.template.channelId);
        return;
      case 'cannedReply.upsert':
        this.cache.cannedReplies.upsert(body.cannedReply);
        return;
      case 'cannedReply.remove':
        this.cache.cannedReplies.remove(body.cannedReplyId);
        return;
      case 'activity.upsert':
        this.cache.activity.upsert(body.activity);
        // The thread re-reads its activity lines with the conversation's row (changed in the same write).
        out.conversationIds.add(body.activity.conversationId);
        return;
      case 'queue.upsert':
        if (this.cache.queues.upsert(body.queue)) out.queueChannelIds.add(body.queue.channelId);
        return;
      case 'conversation.read':
        if (body.agentId !== this.cache.me) return;
        // Marked unread (on this device or another): the marker moves back, not only forward.
        if (body.markedUnread === true) entities.setReadMarkerBack(body.conversationId, body.readAt);
        else entities.setReadMarker(body.conversationId, body.readAt, false);
        out.conversationIds.add(body.conversationId);
        out.recount.add(body.conversationId);
        return;
    }
  }

  private applyConversation(conversation: Conversation, out: Collector): void {
    const write = this.cache.entities.upsertConversation(conversation);
    if (!write.changed) return;
    out.conversationIds.add(conversation.id);
    if (write.previousAssigneeId === undefined) out.recount.add(conversation.id);
    const me = this.cache.me;
    const wasOthers = write.previousAssigneeId !== undefined && write.previousAssigneeId !== me;
    if (wasOthers && conversation.assigneeId === me) out.candidates.push({ type: 'assigned', conversation });
  }

  private applyMessage(message: Message, seq: number, out: Collector): void {
    const write = this.cache.entities.upsertMessage(message, seq);
    if (message.clientId !== null && this.cache.outbox.get(message.clientId)) {
      this.cache.outbox.remove(message.clientId);
      out.settledClientIds.push(message.clientId);
      noteMessage(out, message.conversationId, message.clientId);
    }
    if (!write.changed) return;
    if (write.recount) out.recount.add(message.conversationId);
    noteMessage(out, message.conversationId, message.id);
    out.conversationIds.add(message.conversationId);
    if (write.isNew && message.direction === 'in') out.candidates.push({ type: 'inbound', message });
  }

  private finish(out: Collector): void {
    for (const id of out.recount) this.cache.entities.recomputeUnread(id);
  }
}
