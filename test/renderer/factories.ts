/** Builders for the entities the renderer shows; each takes overrides for what a test cares about. */
import type {
  AssignableAgent,
  ClientMessage,
  ConversationDetail,
  ConversationRow,
  WindowInfo,
} from '../../src/shared/api.js';
import type {
  Agent,
  Attachment,
  Channel,
  ChannelKind,
  Contact,
  Conversation,
  Template,
} from '../../src/shared/domain.js';
import { ChannelSettings, DEFAULT_CREDIT_COSTS, FULL_PERMISSIONS, NEVER_VERIFIED } from '../../src/shared/domain.js';
import { sessionWindow } from '../../src/shared/channel-rules.js';

export const T0 = Date.UTC(2025, 0, 15, 3, 0, 0);
export const HOUR = 60 * 60 * 1000;

export function makeAgent(overrides: Partial<Agent> = {}): Agent {
  const id = overrides.id ?? 'agent-1';
  return {
    id,
    email: `${id}@example.com`,
    name: 'Aiko Tanaka',
    role: 'agent',
    permissions: FULL_PERMISSIONS,
    active: true,
    presence: 'online',
    createdAt: T0,
    ...overrides,
  };
}

export function makeChannel(overrides: Partial<Channel> = {}): Channel {
  const kind = overrides.kind ?? 'whatsapp';
  return {
    id: `ch-${kind}`,
    kind,
    name: `Support ${kind}`,
    settings: ChannelSettings.parse({ autoConvert: true }),
    linkedAgentIds: ['agent-1'],
    credits:
      kind === 'whatsapp'
        ? {
            balance: 120,
            cancellationScheduled: false,
            costs: DEFAULT_CREDIT_COSTS,
            lowBalanceThreshold: null,
            updatedAt: T0,
          }
        : null,
    createdAt: T0,
    verification: NEVER_VERIFIED,
    trashedAt: null,
    ...overrides,
  };
}

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'contact-1',
    channelId: 'ch-whatsapp',
    name: 'Hiroshi Sato',
    identity: { externalId: '819012345678', phone: '+819012345678', username: null },
    deletedAt: null,
    createdAt: T0,
    ...overrides,
  };
}

export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'conv-1',
    channelId: 'ch-whatsapp',
    contactId: 'contact-1',
    status: 'open',
    assigneeId: 'agent-1',
    ticket: { id: 'ticket-1', number: 1042, subject: 'Order question', createdAt: T0 },
    lastInboundAt: Date.now() - HOUR,
    lastMessageAt: Date.now() - HOUR,
    lastMessagePreview: 'Where is my order?',
    snoozedUntil: null,
    labels: [],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function windowOf(kind: ChannelKind, lastInboundAt: number | null, now = Date.now()): WindowInfo {
  const w = sessionWindow(kind, { lastInboundAt }, now);
  return {
    applies: w.applies,
    isOpen: w.isOpen,
    closesAt: w.closesAt,
    msLeft: w.msLeft,
    outsideWindow: w.outsideWindow,
  };
}

export function makeRow(
  conversation: Conversation = makeConversation(),
  overrides: Partial<Omit<ConversationRow, 'conversation'>> = {},
): ConversationRow {
  const channelKind = overrides.channelKind ?? 'whatsapp';
  return {
    conversation,
    contact: makeContact({ id: conversation.contactId, channelId: conversation.channelId }),
    channelKind,
    channelName: `Support ${channelKind}`,
    assigneeName: conversation.assigneeId ? 'Aiko Tanaka' : null,
    unreadCount: 0,
    window: windowOf(channelKind, conversation.lastInboundAt),
    waitingSince: null,
    hasDraft: false,
    lastSendFailed: false,
    ...overrides,
  };
}

export function makeDetail(row: ConversationRow, channel: Channel, past: Conversation[] = []): ConversationDetail {
  return { row, channel, pastConversations: past };
}

let messageSeq = 0;
export function makeMessage(overrides: Partial<ClientMessage> = {}): ClientMessage {
  messageSeq += 1;
  const createdAt = overrides.createdAt ?? T0 + messageSeq * 1000;
  return {
    id: `msg-${messageSeq}`,
    conversationId: 'conv-1',
    direction: 'in',
    kind: 'text',
    text: `message ${messageSeq}`,
    attachments: [],
    meta: {},
    providerMessageId: `wamid.${messageSeq}`,
    clientId: null,
    senderAgentId: null,
    state: 'received',
    failureCode: null,
    failureReason: null,
    createdAt,
    updatedAt: createdAt,
    outbox: null,
    ...overrides,
  };
}

export function makeAttachment(overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: 'att-1',
    mimeType: 'image/jpeg',
    fileName: 'photo.jpg',
    size: 48_213,
    sha256: null,
    status: 'ready',
    error: null,
    ...overrides,
  };
}

export function makeTemplate(overrides: Partial<Template> = {}): Template {
  return {
    id: 'tpl-1',
    channelId: 'ch-whatsapp',
    name: 'order_update',
    language: 'en',
    category: 'utility',
    body: 'Hello {{1}}, your ticket {{2}} has an update.',
    placeholders: ['contact.name', 'ticket.number'],
    status: 'approved',
    header: null,
    footer: null,
    buttons: [],
    examples: [],
    providerTemplateId: null,
    rejectionReason: null,
    categoryChange: null,
    resubmission: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function makeAssignable(agent: Agent, overrides: Partial<Omit<AssignableAgent, 'agent'>> = {}): AssignableAgent {
  return { agent, presence: agent.presence, openCount: 0, isCurrent: false, ...overrides };
}
