/**
 * Tickets by hand (docs/lifecycle.md, "Conversations and tickets"): converting a conversation, editing its
 * ticket's subject, and converting a channel's open conversations when an admin turns auto-convert on.
 */
import { z } from 'zod';

export const TICKET_SUBJECT_MAX = 200;

/** PUT /api/conversations/:id/ticket/subject. */
export const SetTicketSubjectRequest = z.object({ subject: z.string().trim().min(1).max(TICKET_SUBJECT_MAX) });
export type SetTicketSubjectRequest = z.input<typeof SetTicketSubjectRequest>;

/** POST /api/channels/:id/convert-open: how many of the channel's open conversations got a ticket. */
export const ConvertOpenResult = z.object({ converted: z.number().int().nonnegative() });
export type ConvertOpenResult = z.infer<typeof ConvertOpenResult>;
