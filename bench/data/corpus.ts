/**
 * A synthetic support workload shaped like the hub's entities: channels of
 * every kind, agents, contacts with phone numbers, conversations in every
 * status and messages in time order. Deterministic (seeded) and streamed in
 * chunks, so a million messages never sit in memory at once. Every entity is
 * valid by the shared schemas.
 */
import {
  CHANNEL_KINDS,
  ChannelRouting,
  FULL_PERMISSIONS,
  NEVER_VERIFIED,
  type Agent,
  type Channel,
  type Contact,
  type Conversation,
  type ConversationStatus,
  type Message,
} from '../../src/shared/domain.js';
import { contactName, messageText, phoneDigitsFor, seededRandom, type TextRandom } from './text.js';

/** 2025-01-15 09:00 UTC: every timestamp counts from here, one message per second. */
export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
const MESSAGE_SPACING_MS = 1000;
/** Prime stride: spreads consecutive messages over conversations like real traffic, each getting its share. */
const STRIDE = 7919;
export const BENCH_AGENT_ID = 'agent-bench-me';
const OTHER_AGENTS = 5;
export const VIP_LABEL = 'vip';

export interface CorpusShape {
  readonly conversations: number;
  readonly messages: number;
  readonly seed?: number;
}

const idOf = (prefix: string, n: number): string => `${prefix}-${String(n).padStart(8, '0')}`;

export class Corpus {
  readonly me: Agent;
  readonly agents: readonly Agent[];
  readonly channels: readonly Channel[];
  private readonly random: TextRandom;

  constructor(readonly shape: CorpusShape) {
    this.random = seededRandom(shape.seed ?? 7);
    const agent = (id: string, name: string): Agent => ({
      id,
      email: `${id}@example.com`,
      name,
      role: 'agent',
      permissions: FULL_PERMISSIONS,
      active: true,
      presence: 'online',
      createdAt: T0,
    });
    this.me = agent(BENCH_AGENT_ID, 'Bench Agent');
    this.agents = [this.me, ...Array.from({ length: OTHER_AGENTS }, (_, i) => agent(idOf('agent', i), `Agent ${i}`))];
    this.channels = CHANNEL_KINDS.map((kind, i) => ({
      id: idOf('channel', i),
      kind,
      name: `${kind} support`,
      settings: {
        autoConvert: false,
        reopenWindowMinutes: 1440,
        autoAssign: true,
        routing: ChannelRouting.parse({}),
        hours: null,
        autoReply: null,
        greeting: null,
      },
      linkedAgentIds: this.agents.map((a) => a.id),
      credits: null,
      createdAt: T0,
      verification: NEVER_VERIFIED,
      trashedAt: null,
    }));
  }

  channelOf(conversation: number): Channel {
    const channel = this.channels[conversation % this.channels.length];
    if (!channel) throw new Error('corpus has no channels');
    return channel;
  }

  contact(n: number): Contact {
    const phone = phoneDigitsFor(n);
    return {
      id: idOf('contact', n),
      channelId: this.channelOf(n).id,
      name: contactName(this.random, n),
      identity: { externalId: phone, phone: `+${phone}`, username: null },
      deletedAt: null,
      createdAt: T0,
    };
  }

  /** Conversation of message k: a bijection on every block of `conversations` messages. */
  conversationOfMessage(k: number): number {
    return (k * STRIDE) % this.shape.conversations;
  }

  messageAt(k: number): number {
    return T0 + k * MESSAGE_SPACING_MS;
  }

  /** Conversation n with the last-message time given (see lastMessageTimes). */
  conversation(n: number, lastMessageAt: number): Conversation {
    const roll = n % 10;
    const status: ConversationStatus = roll < 6 ? 'open' : roll < 8 ? 'pending' : 'resolved';
    const assigneeRoll = (n >>> 3) % 10;
    const assigneeId =
      assigneeRoll < 3 ? this.me.id : assigneeRoll < 6 ? (this.agents[1 + (n % OTHER_AGENTS)]?.id ?? null) : null;
    return {
      id: idOf('conversation', n),
      channelId: this.channelOf(n).id,
      contactId: idOf('contact', n),
      status,
      assigneeId,
      ticket: null,
      lastInboundAt: lastMessageAt,
      lastMessageAt,
      lastMessagePreview: `Message ${n}`,
      snoozedUntil: null,
      labels: n % 17 === 0 ? [VIP_LABEL] : [],
      createdAt: T0,
      updatedAt: lastMessageAt,
    };
  }

  /** lastMessageAt of every conversation, from the last block of messages. */
  lastMessageTimes(): Float64Array {
    const { conversations, messages } = this.shape;
    const times = new Float64Array(conversations).fill(T0);
    for (let k = Math.max(0, messages - conversations); k < messages; k += 1) {
      times[this.conversationOfMessage(k)] = this.messageAt(k);
    }
    return times;
  }

  message(k: number): Message {
    const at = this.messageAt(k);
    const inbound = k % 10 < 7;
    const withImage = k % 40 === 0;
    return {
      id: idOf('message', k),
      conversationId: idOf('conversation', this.conversationOfMessage(k)),
      direction: inbound ? 'in' : 'out',
      kind: withImage ? 'image' : 'text',
      text: messageText(this.random, k),
      attachments: withImage
        ? [
            {
              id: idOf('attachment', k),
              mimeType: 'image/jpeg',
              fileName: `photo-${k}.jpg`,
              size: 120_000,
              sha256: null,
              status: 'pending',
              error: null,
            },
          ]
        : [],
      meta: {},
      providerMessageId: inbound ? `wamid.${k}` : null,
      clientId: null,
      senderAgentId: inbound ? null : this.me.id,
      state: inbound ? 'received' : 'read',
      failureCode: null,
      failureReason: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  /** Messages [from, to) in chunks of `size`. */
  *messageChunks(size: number, from = 0, to = this.shape.messages): Generator<Message[]> {
    for (let start = from; start < to; start += size) {
      const chunk: Message[] = [];
      for (let k = start; k < Math.min(to, start + size); k += 1) chunk.push(this.message(k));
      yield chunk;
    }
  }
}
