/** Hub-call client methods of the admin console: agents and channel links. See src/shared/hub-calls.ts. */
import { z } from 'zod';
import {
  AgentAccess,
  CredentialDelivery,
  InviteAgentRequest,
  IssuedAccess,
  SetLinksRequest,
  SetLinksResponse,
} from '../agent-access.js';
import { Agent, Id } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';
import { UpdateAgentRequest } from '../protocol.js';

/**
 * What the console edits of an agent: the password goes through resets, activity through (de)activation;
 * capacity = the most open conversations routing gives them (null: the channel's limit).
 */
export const AgentChanges = UpdateAgentRequest.pick({ name: true, role: true, permissions: true, capacity: true });

export const AGENTS_METHODS = {
  /** Every agent with their sign-in state, linked channels and open conversations. */
  adminListAgents: hubMethod({
    args: z.tuple([]),
    result: z.object({ items: z.array(AgentAccess) }).transform((page) => page.items),
    call: () => ({ method: 'GET', path: 'api/agents/access' }),
  }),
  /** A new agent and their first sign-in (a temporary password or an invitation), shown once. */
  adminCreateAgent: hubMethod({
    args: z.tuple([InviteAgentRequest]),
    result: IssuedAccess,
    call: (body) => ({ method: 'POST', path: 'api/agents/invite', body }),
  }),
  /** Name, role or permissions; the agent's own app follows at once. */
  adminUpdateAgent: hubMethod({
    args: z.tuple([Id, AgentChanges]),
    result: Agent,
    call: (id, body) => ({ method: 'PATCH', path: `api/agents/${segment(id)}`, body }),
  }),
  /** Signs the agent out everywhere and re-routes their open conversations. */
  adminDeactivateAgent: hubMethod({
    args: z.tuple([Id]),
    result: Agent,
    call: (id) => ({ method: 'POST', path: `api/agents/${segment(id)}/deactivate` }),
  }),
  adminReactivateAgent: hubMethod({
    args: z.tuple([Id]),
    result: Agent,
    call: (id) => ({ method: 'POST', path: `api/agents/${segment(id)}/reactivate` }),
  }),
  /** A new temporary password (or invitation) for the agent; their sessions end. */
  adminResetPassword: hubMethod({
    args: z.tuple([Id, CredentialDelivery]),
    result: IssuedAccess,
    call: (id, delivery) => ({ method: 'POST', path: `api/agents/${segment(id)}/reset-password`, body: { delivery } }),
  }),
  /** Links and unlinks many agents and channels at once; all or nothing. */
  adminSetLinks: hubMethod({
    args: z.tuple([SetLinksRequest.shape.changes]),
    result: SetLinksResponse,
    call: (changes) => ({ method: 'PUT', path: 'api/channels/links', body: { changes } }),
  }),
} as const satisfies Record<string, HubMethod>;
