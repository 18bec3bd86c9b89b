import { describe, expect, it } from 'vitest';
import {
  ChannelRouting,
  NEVER_VERIFIED,
  type Channel,
  type Contact,
  type Conversation,
  type Template,
} from '../../../src/shared/domain.js';
import { mergeTemplate } from '../../../src/hub/services/template-merge.js';

const template: Template = {
  id: 't1',
  channelId: 'ch1',
  name: 'order',
  language: 'ja',
  category: 'utility',
  body: '{{1}} 様、チケット {{2}} を {{3}} が担当します（{{4}}）',
  placeholders: ['contact.name', 'ticket.number', 'agent.name', 'custom'],
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
};
const contact: Contact = {
  id: 'ct1',
  channelId: 'ch1',
  name: '山田',
  identity: { externalId: '8190', phone: '+8190', username: null },
  deletedAt: null,
  createdAt: 0,
};
const conversation: Conversation = {
  id: 'cv1',
  channelId: 'ch1',
  contactId: 'ct1',
  status: 'open',
  assigneeId: null,
  ticket: { id: 'tk', number: 42, subject: '配送', createdAt: 0 },
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
  settings: {
    autoConvert: true,
    reopenWindowMinutes: 1440,
    autoAssign: true,
    routing: ChannelRouting.parse({}),
    hours: null,
    autoReply: null,
    greeting: null,
  },
  linkedAgentIds: [],
  credits: null,
  createdAt: 0,
  verification: NEVER_VERIFIED,
  trashedAt: null,
};

describe('template merge fields', () => {
  it('fills empty placeholders from their merge field and keeps what the agent typed', () => {
    const merged = mergeTemplate(template, ['', '', '', '至急'], { contact, conversation, channel, agentName: '佐藤' });
    expect(merged.renderedBody).toBe('山田 様、チケット 42 を 佐藤 が担当します（至急）');
    expect(merged.params).toEqual(['山田', '42', '佐藤', '至急']);
    expect(
      mergeTemplate(template, ['Yamada-san', '', '', 'x'], { contact, conversation, channel, agentName: 'A' })
        .params[0],
    ).toBe('Yamada-san');
  });

  it('a custom placeholder left empty is refused, and ticket fields need a ticket', () => {
    expect(() => mergeTemplate(template, [], { contact, conversation, channel, agentName: 'A' })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_PARAMS_MISSING' }),
    );
    expect(() =>
      mergeTemplate(template, ['', '', '', 'x'], {
        contact,
        conversation: { ...conversation, ticket: null },
        channel,
        agentName: 'A',
      }),
    ).toThrow(expect.objectContaining({ code: 'TICKET_REQUIRED' }));
  });
});
