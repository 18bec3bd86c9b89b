/**
 * Minimal rows for the store contract tests: the agents, channels, contacts, conversations and messages other
 * rows reference (foreign keys). Each builder inserts through the store's own repositories, so the same row
 * lands the same way on SQLite and on Postgres, and returns what it stored. Ids and times are fixed by the
 * caller or derived from a counter, never from the clock, so both stores see the same values.
 */
import type { Store } from '../../../src/hub/store/store.js';
import type { Contact, Conversation, Message, Permissions } from '../../../src/shared/domain.js';
import { NEVER_VERIFIED, ChannelSettings, type ChannelKind } from '../../../src/shared/domain.js';

/** A fixed base time (2026-01-01T00:00:00Z): tests add to it. */
export const T0 = Date.UTC(2026, 0, 1);

let counter = 0;
/** A unique id with a readable prefix; ids sort by creation order within one prefix. */
export function fixtureId(prefix: string): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(6, '0')}`;
}

/** The agent row as the store keeps it (without presence). */
export type StoredAgent = Parameters<Store['agents']['insert']>[0];

export const ALL_PERMISSIONS: Permissions = { view: true, create: true, update: true, delete: true };

export async function addAgent(
  store: Store,
  fields: Partial<StoredAgent> & { readonly passwordHash?: string } = {},
): Promise<StoredAgent> {
  const { passwordHash = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', ...given } = fields;
  const id = given.id ?? fixtureId('agent');
  const agent: StoredAgent = {
    id,
    email: `${id}@example.test`,
    name: `Agent ${id}`,
    role: 'agent',
    permissions: ALL_PERMISSIONS,
    active: true,
    createdAt: T0,
    capacity: null,
    ...given,
  };
  await store.agents.insert(agent, passwordHash);
  return agent;
}

export interface ChannelFixture {
  readonly id: string;
  readonly kind: ChannelKind;
}

export async function addChannel(
  store: Store,
  fields: { readonly id?: string; readonly kind?: ChannelKind; readonly createdAt?: number } = {},
): Promise<ChannelFixture> {
  const id = fields.id ?? fixtureId('channel');
  const kind = fields.kind ?? 'telegram';
  await store.channels.insert({
    id,
    kind,
    name: `Channel ${id}`,
    identity: `identity-${id}`,
    settings: ChannelSettings.parse({}),
    sealedCredentials: Buffer.from(`sealed-${id}`),
    credits: null,
    verification: NEVER_VERIFIED,
    createdAt: fields.createdAt ?? T0,
  });
  return { id, kind };
}

export async function addContact(
  store: Store,
  channelId: string,
  fields: Partial<Contact> & { readonly threadKey?: string } = {},
): Promise<Contact> {
  const { threadKey = '', ...given } = fields;
  const id = given.id ?? fixtureId('contact');
  const contact: Contact = {
    id,
    channelId,
    name: `Customer ${id}`,
    identity: { externalId: `ext-${id}`, phone: null, username: null },
    deletedAt: null,
    createdAt: T0,
    ...given,
  };
  await store.contacts.insert({ contact, threadKey });
  return contact;
}

export async function addConversation(
  store: Store,
  refs: { readonly channelId: string; readonly contactId: string },
  fields: Partial<Conversation> = {},
): Promise<Conversation> {
  const conversation: Conversation = {
    id: fields.id ?? fixtureId('conversation'),
    channelId: refs.channelId,
    contactId: refs.contactId,
    status: 'open',
    assigneeId: null,
    ticket: null,
    lastInboundAt: null,
    lastMessageAt: T0,
    lastMessagePreview: '',
    snoozedUntil: null,
    labels: [],
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
  await store.conversations.insert({ conversation, replyToken: null });
  return conversation;
}

export async function addMessage(
  store: Store,
  refs: { readonly channelId: string; readonly conversationId: string },
  fields: Partial<Message> = {},
): Promise<Message> {
  const message: Message = {
    id: fields.id ?? fixtureId('message'),
    conversationId: refs.conversationId,
    direction: 'in',
    kind: 'text',
    text: 'hello',
    attachments: [],
    meta: {},
    providerMessageId: null,
    clientId: null,
    senderAgentId: null,
    state: 'received',
    failureCode: null,
    failureReason: null,
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
  await store.messages.insert({ message, channelId: refs.channelId, replyToMessageId: null });
  return message;
}

/** A channel with one contact and one open conversation on it: what most rows hang off. */
export async function addConversationWorld(
  store: Store,
  fields: { readonly channelId?: string } = {},
): Promise<{ readonly channel: ChannelFixture; readonly contact: Contact; readonly conversation: Conversation }> {
  const channel = await addChannel(store, fields.channelId === undefined ? {} : { id: fields.channelId });
  const contact = await addContact(store, channel.id);
  const conversation = await addConversation(store, { channelId: channel.id, contactId: contact.id });
  return { channel, contact, conversation };
}
