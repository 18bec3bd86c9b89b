/**
 * The ticket.status merge field (docs/lifecycle.md, "Conversations and tickets"): the conversation's status
 * in the customer's language when the contact has one, else in the template's language.
 */
import { describe, expect, it } from 'vitest';
import { mergeTemplate } from '../../../src/hub/services/template-merge.js';
import {
  ChannelSettings,
  NEVER_VERIFIED,
  type Channel,
  type Contact,
  type Conversation,
  type Template,
} from '../../../src/shared/domain.js';

const template = (language: string): Template => ({
  id: 't1',
  channelId: 'ch1',
  name: 'status',
  language,
  category: 'utility',
  body: 'Ticket {{1}}: {{2}}',
  placeholders: ['ticket.number', 'ticket.status'],
  status: 'approved',
  header: null,
  footer: null,
  buttons: [],
  examples: [],
  providerTemplateId: null,
  rejectionReason: null,
  categoryChange: null,
  resubmission: null,
  createdAt: 0,
  updatedAt: 0,
});
const contact: Contact = {
  id: 'ct1',
  channelId: 'ch1',
  name: 'Aiko',
  identity: { externalId: '8190', phone: '+8190', username: null },
  deletedAt: null,
  createdAt: 0,
};
const conversation: Conversation = {
  id: 'cv1',
  channelId: 'ch1',
  contactId: 'ct1',
  status: 'resolved',
  assigneeId: null,
  ticket: { id: 'tk', number: 7, subject: 'Delivery', createdAt: 0 },
  lastInboundAt: 0,
  lastMessageAt: 0,
  lastMessagePreview: '',
  snoozedUntil: null,
  labels: [],
  createdAt: 0,
  updatedAt: 0,
};
const channel: Channel = {
  id: 'ch1',
  kind: 'whatsapp',
  name: 'Support',
  settings: ChannelSettings.parse({ autoConvert: true }),
  linkedAgentIds: [],
  credits: null,
  createdAt: 0,
  verification: NEVER_VERIFIED,
  trashedAt: null,
};
const body = (t: Template, c: Contact, conv: Conversation = conversation) =>
  mergeTemplate(t, [], { contact: c, conversation: conv, channel, agentName: 'Ken' }).renderedBody;

describe('ticket.status merge field', () => {
  it('says the conversation’s status in the contact’s language, else the template’s', () => {
    expect(body(template('en'), { ...contact, language: 'ja-JP' })).toBe('Ticket 7: 解決済み');
    expect(body(template('ja'), contact)).toBe('Ticket 7: 解決済み');
    expect(body(template('en_US'), contact)).toBe('Ticket 7: Resolved');
    expect(body(template('ja'), { ...contact, language: 'en' }, { ...conversation, status: 'open' })).toBe(
      'Ticket 7: Open',
    );
    expect(body(template('ja'), contact, { ...conversation, status: 'pending' })).toBe('Ticket 7: 保留中');
  });

  it('needs a ticket like the other ticket fields', () => {
    expect(() => body(template('en'), contact, { ...conversation, ticket: null })).toThrow(
      expect.objectContaining({ code: 'TICKET_REQUIRED' }),
    );
  });
});
