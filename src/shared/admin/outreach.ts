/**
 * Hub-call client method for writing first (see src/shared/hub-calls.ts): an agent starts a conversation
 * with a contact or a WhatsApp number (POST /api/conversations, docs/protocol.md §2.5 "Writing first").
 * Needs the hub; the new contact, conversation and message then reach the cache through the event log.
 */
import { z } from 'zod';
import { hubMethod, type HubMethod } from '../hub-calls.js';
import { StartConversationRequest, StartConversationResult } from '../outreach.js';

export const OUTREACH_METHODS = {
  startConversation: hubMethod({
    args: z.tuple([StartConversationRequest]),
    result: StartConversationResult,
    call: (request) => ({ method: 'POST', path: 'api/conversations', body: request }),
  }),
} as const satisfies Record<string, HubMethod>;
