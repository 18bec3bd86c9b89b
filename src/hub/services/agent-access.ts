/**
 * How agents get in, as admins manage it: the list with each agent's
 * sign-in state, links and workload; creating an agent with a first sign-in
 * the hub issues (a temporary password shown once, which the agent must
 * replace before anything else, or a single-use invitation link); and
 * password resets (a new temporary password or link, every session and
 * socket of the agent ended). Only hashes of passwords and tokens are kept.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  InviteAgentRequest,
  ResetPasswordRequest,
  type AgentAccess,
  type CredentialDelivery,
  type IssuedAccess,
} from '../../shared/agent-access.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { invitationLink } from '../../shared/invitation-link.js';
import { requireAdmin, type Actor } from './actor.js';
import type { AgentService } from './agents.js';
import { hashToken } from './auth.js';
import type { HubContext } from './context.js';
import { hashPassword } from './passwords.js';
import type { WriteScope } from './writer.js';

/** An invitation works for a week: long enough for a mail read after a weekend, short enough to go stale. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** No 0/O, 1/l/I: a temporary password is read off a screen and typed, maybe dictated. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const TEMPORARY_GROUPS = 4;
const TEMPORARY_GROUP_LENGTH = 4;

/** 16 characters of 31 (≈ 79 bits) in groups: `h7kq-3mzr-…`. */
export function temporaryPassword(): string {
  const group = (): string =>
    Array.from({ length: TEMPORARY_GROUP_LENGTH }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(
      '',
    );
  return Array.from({ length: TEMPORARY_GROUPS }, group).join('-');
}

/** What a delivery hands out, prepared before the write (hashing is slow and asynchronous). */
interface Prepared {
  readonly passwordHash: string;
  readonly temporaryPassword: string | null;
  readonly invitationToken: string | null;
}

async function prepare(delivery: CredentialDelivery): Promise<Prepared> {
  if (delivery === 'temporary-password') {
    const password = temporaryPassword();
    return { passwordHash: await hashPassword(password), temporaryPassword: password, invitationToken: null };
  }
  // Until the invitation is used the agent has a password nobody knows: sign-in with any password fails.
  const unknowable = randomBytes(32).toString('base64url');
  return {
    passwordHash: await hashPassword(unknowable),
    temporaryPassword: null,
    invitationToken: randomBytes(32).toString('base64url'),
  };
}

export class AgentAccessService {
  constructor(
    private readonly ctx: HubContext,
    private readonly agents: AgentService,
  ) {}

  async list(actor: Actor): Promise<AgentAccess[]> {
    requireAdmin(actor);
    const { store } = this.ctx;
    const linked = new Map<string, string[]>();
    for (const channel of await store.channels.list()) {
      for (const agentId of channel.linkedAgentIds) linked.set(agentId, [...(linked.get(agentId) ?? []), channel.id]);
    }
    const mustChange = await store.agentAccess.passwordChangeRequiredIds();
    const invitations = await store.agentAccess.pendingInvitationExpiries();
    const open = await store.agentAccess.countUnresolvedByAssignee();
    const now = this.ctx.now();
    return (await store.agents.list()).map((agent) => {
      const expiresAt = invitations.get(agent.id);
      return {
        agent: this.agents.toAgent(agent),
        passwordChangeRequired: mustChange.has(agent.id),
        invitation: expiresAt === undefined ? null : { expiresAt, expired: expiresAt <= now },
        linkedChannelIds: linked.get(agent.id) ?? [],
        openConversations: open.get(agent.id) ?? 0,
      };
    });
  }

  /** Creates the agent and issues their first sign-in, in one write (a taken email issues nothing). */
  async invite(actor: Actor, raw: unknown): Promise<IssuedAccess> {
    requireAdmin(actor);
    const req = parseOrThrow(InviteAgentRequest, raw);
    const prepared = await prepare(req.delivery);
    return await this.ctx.writer.write(async (scope) => {
      const agent = await this.agents.insert(req, prepared.passwordHash);
      return await this.issue(scope, actor, agent.id, prepared, { sessionsEnded: false });
    });
  }

  /** A new temporary password or invitation; the old password stops working and every session ends. */
  async resetPassword(actor: Actor, id: string, raw: unknown): Promise<IssuedAccess> {
    requireAdmin(actor);
    const req = parseOrThrow(ResetPasswordRequest, raw ?? {});
    const prepared = await prepare(req.delivery);
    return await this.ctx.writer.write(async (scope) => {
      const agent = await this.ctx.store.agents.findById(id);
      if (!agent) throw new AppError('NOT_FOUND', 'No such agent.');
      if (!agent.active) throw new AppError('AGENT_INACTIVE', 'Reactivate the agent before resetting their password.');
      return await this.issue(scope, actor, agent.id, prepared, { sessionsEnded: true });
    });
  }

  private async issue(
    scope: WriteScope,
    actor: Actor,
    agentId: string,
    prepared: Prepared,
    options: { readonly sessionsEnded: boolean },
  ): Promise<IssuedAccess> {
    const { store, config } = this.ctx;
    const passwordChangeRequired = prepared.temporaryPassword !== null;
    if (options.sessionsEnded) {
      await this.agents.resetCredentials(scope, agentId, prepared.passwordHash, { passwordChangeRequired });
    } else {
      await store.agentAccess.setPasswordChangeRequired(agentId, passwordChangeRequired);
    }
    let invitation: IssuedAccess['invitation'] = null;
    if (prepared.invitationToken !== null) {
      const now = this.ctx.now();
      const expiresAt = now + INVITATION_TTL_MS;
      await store.agentAccess.insertInvitation({
        tokenHash: hashToken(prepared.invitationToken),
        agentId,
        createdBy: actor.agent.id,
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      const link = config.publicUrl === null ? null : invitationLink(config.publicUrl, prepared.invitationToken);
      invitation = { token: prepared.invitationToken, link, expiresAt };
    }
    const access = (await this.list(actor)).find((a) => a.agent.id === agentId);
    if (!access) throw new AppError('NOT_FOUND', 'No such agent.');
    return { access, temporaryPassword: prepared.temporaryPassword, invitation };
  }
}
