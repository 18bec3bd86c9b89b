/**
 * How agents get in and what they reach, as the admin console manages it:
 * an agent's first sign-in (a temporary password the agent must replace, or
 * a single-use invitation link), password resets, and channel links set
 * many at once. The hub and the client parse with these schemas.
 */
import { z } from 'zod';
import { Agent, Channel, Id, Millis } from './domain.js';
import { CreateAgentRequest, PASSWORD_MIN } from './protocol.js';

/** How the hub hands an agent the way in: a password shown once to the admin, or an invitation link. */
export const CredentialDelivery = z.enum(['temporary-password', 'invitation']);
export type CredentialDelivery = z.infer<typeof CredentialDelivery>;

export const NewPassword = z.string().min(PASSWORD_MIN).max(1024);

/** 32 random bytes, base64url: what follows `#` in an invitation link. */
export const InvitationToken = z
  .string()
  .min(20)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'an invitation token is letters, digits, - and _');

/** An admin creates an agent without choosing a password: the hub issues the first sign-in. */
export const InviteAgentRequest = CreateAgentRequest.omit({ password: true }).extend({ delivery: CredentialDelivery });
export type InviteAgentRequest = z.input<typeof InviteAgentRequest>;

export const ResetPasswordRequest = z.object({ delivery: CredentialDelivery.default('temporary-password') });

export const Invitation = z.object({
  token: InvitationToken,
  /** `<hub public URL>/invite#<token>` when the hub knows its public URL; else the client builds it. */
  link: z.string().nullable(),
  expiresAt: Millis,
});
export type Invitation = z.infer<typeof Invitation>;

/** One agent as the admin console lists it. */
export const AgentAccess = z.object({
  agent: Agent,
  /** The agent signs in with a temporary password and must replace it before anything else. */
  passwordChangeRequired: z.boolean(),
  /** The newest unused invitation; null when none is waiting. */
  invitation: z.object({ expiresAt: Millis, expired: z.boolean() }).nullable(),
  linkedChannelIds: z.array(Id),
  /** Unresolved (open or pending) conversations assigned to the agent: what deactivation re-routes. */
  openConversations: z.number().int().nonnegative(),
});
export type AgentAccess = z.infer<typeof AgentAccess>;

/** What the admin sees once after creating an agent or resetting a password; the hub keeps only hashes. */
export const IssuedAccess = z.object({
  access: AgentAccess,
  temporaryPassword: z.string().nullable(),
  invitation: Invitation.nullable(),
});
export type IssuedAccess = z.infer<typeof IssuedAccess>;

export const LinkChange = z.object({ channelId: Id, agentId: Id, linked: z.boolean() });
export type LinkChange = z.infer<typeof LinkChange>;
/** The whole matrix of a large team (200 agents × 25 channels) fits in one request. */
export const LINK_CHANGES_MAX = 5000;
export const SetLinksRequest = z.object({ changes: z.array(LinkChange).min(1).max(LINK_CHANGES_MAX) });
export const SetLinksResponse = z.object({
  /** Links that did not exist and now do, and existing ones removed; asking for what is already so counts 0. */
  linked: z.number().int().nonnegative(),
  unlinked: z.number().int().nonnegative(),
  /** The channels whose links changed, as they are now. */
  channels: z.array(Channel),
});
export type SetLinksResponse = z.infer<typeof SetLinksResponse>;

/** `POST /api/auth/invitation`: the invitation's token and the password the agent chose. */
export const InvitationSignInRequest = z.object({ token: InvitationToken, newPassword: NewPassword });
/** `POST /api/auth/password/replace-temporary`: the session was opened with the temporary password. */
export const ReplaceTemporaryPasswordRequest = z.object({ newPassword: NewPassword });
