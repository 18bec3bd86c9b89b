/**
 * Hub-call client methods for managing canned replies (see src/shared/hub-calls.ts): the admin console's
 * team replies (`admin…`) and every agent's own ("My canned replies"). The composer does not use these:
 * it reads the replies synced into the cache (`listCannedReplies`), so it works offline.
 */
import { z } from 'zod';
import { CreateCannedReplyRequest, UpdateCannedReplyRequest } from '../canned-replies.js';
import { CannedReply, Id } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';

const Items = z.object({ items: z.array(CannedReply) }).transform((page) => page.items);
/** What the screens send: the request without its scope, which the method decides. */
const NewCannedReply = CreateCannedReplyRequest.omit({ scope: true });

export const CANNED_REPLIES_METHODS = {
  /** Every team reply, for all channels or one (an admin sees every channel). */
  adminListTeamCannedReplies: hubMethod({
    args: z.tuple([]),
    result: Items,
    call: () => ({ method: 'GET', path: 'api/canned-replies', query: { scope: 'team' } }),
  }),
  adminCreateTeamCannedReply: hubMethod({
    args: z.tuple([NewCannedReply]),
    result: CannedReply,
    call: (reply) => ({ method: 'POST', path: 'api/canned-replies', body: { ...reply, scope: 'team' } }),
  }),
  /** My personal replies, fresh from the hub. */
  listMyCannedReplies: hubMethod({
    args: z.tuple([]),
    result: Items,
    call: () => ({ method: 'GET', path: 'api/canned-replies', query: { scope: 'personal' } }),
  }),
  createMyCannedReply: hubMethod({
    args: z.tuple([NewCannedReply]),
    result: CannedReply,
    call: (reply) => ({ method: 'POST', path: 'api/canned-replies', body: { ...reply, scope: 'personal' } }),
  }),
  /** A team reply (admins) or one of my own; the hub refuses anyone else's. */
  updateCannedReply: hubMethod({
    args: z.tuple([Id, UpdateCannedReplyRequest]),
    result: CannedReply,
    call: (id, change) => ({ method: 'PATCH', path: `api/canned-replies/${segment(id)}`, body: change }),
  }),
  deleteCannedReply: hubMethod({
    args: z.tuple([Id]),
    result: z.void(),
    call: (id) => ({ method: 'DELETE', path: `api/canned-replies/${segment(id)}`, answer: 'none' }),
  }),
} as const satisfies Record<string, HubMethod>;
