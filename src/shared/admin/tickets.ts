/**
 * Hub-call client methods for tickets (see src/shared/hub-calls.ts; docs/lifecycle.md "Conversations and
 * tickets"): an agent with "update" converts a conversation to a ticket or edits its subject; an admin
 * converts a channel's open conversations when turning auto-convert on. The changed conversation also
 * reaches every client's cache through the event log.
 */
import { z } from 'zod';
import { Conversation, Id } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';
import { ConvertOpenResult, TICKET_SUBJECT_MAX } from '../tickets.js';

export const TICKETS_METHODS = {
  /** POST /api/conversations/:id/ticket. */
  convertToTicket: hubMethod({
    args: z.tuple([Id]),
    result: Conversation,
    call: (id) => ({ method: 'POST', path: `api/conversations/${segment(id)}/ticket` }),
  }),
  /** PUT /api/conversations/:id/ticket/subject. */
  setTicketSubject: hubMethod({
    args: z.tuple([Id, z.string().trim().min(1).max(TICKET_SUBJECT_MAX)]),
    result: Conversation,
    call: (id, subject) => ({
      method: 'PUT',
      path: `api/conversations/${segment(id)}/ticket/subject`,
      body: { subject },
    }),
  }),
  /** POST /api/channels/:id/convert-open: how many got a ticket. */
  adminConvertOpenConversations: hubMethod({
    args: z.tuple([Id]),
    result: ConvertOpenResult,
    call: (id) => ({ method: 'POST', path: `api/channels/${segment(id)}/convert-open` }),
  }),
} as const satisfies Record<string, HubMethod>;
