/**
 * Sign-in and sessions. Tokens are 32 random bytes (base64url) handed to the
 * client once; the hub keeps only their sha256, with an expiry, and revokes
 * them on logout, deactivation or password change (an agent's own change
 * keeps the session that made it). A sign-in with a temporary password opens
 * a session marked `passwordChangeRequired`, which may only replace it; an
 * invitation link signs in once, setting the agent's password.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { InvitationSignInRequest, ReplaceTemporaryPasswordRequest } from '../../shared/agent-access.js';
import {
  ChangePasswordRequest,
  LoginRequest,
  type LoginResponse,
  type SessionEndReason,
} from '../../shared/protocol.js';
import type { Actor } from './actor.js';
import type { AgentService } from './agents.js';
import type { HubContext } from './context.js';
import { LoginThrottler } from './login-throttle.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords.js';
import type { StoredAgent } from '../store/ports/agents.js';
import type { StoredInvitation } from '../store/ports/agent-access.js';

/** A bearer token's session as the socket server needs it: who, and until when. */
export interface LiveSession {
  readonly actor: Actor;
  readonly expiresAt: number;
}

/** Why a token does not open a session: what the client tells the agent. */
export type SessionCheck =
  { readonly ok: true; readonly session: LiveSession } | { readonly ok: false; readonly reason: SessionEndReason };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  private readonly throttle: LoginThrottler;

  constructor(
    private readonly ctx: HubContext,
    private readonly agents: AgentService,
  ) {
    this.throttle = new LoginThrottler(ctx.store, ctx.config.loginThrottle, ctx.now);
  }

  async login(raw: unknown, clientAddress: string): Promise<LoginResponse> {
    const req = parseOrThrow(LoginRequest, raw);
    // Reserved before the (asynchronous) hash, so parallel guesses cannot all pass the check.
    await this.throttle.begin(req.email, clientAddress);
    const found = await this.ctx.store.agents.findCredentialsByEmail(req.email);
    const matches = await verifyPassword(req.password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !matches) {
      this.ctx.log.warn({ email: req.email, clientAddress }, 'failed sign-in');
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.throttle.recordSuccess(req.email, clientAddress);
    if (!found.agent.active) throw new AppError('AGENT_INACTIVE');
    return await this.openSession(
      found.agent,
      await this.ctx.store.agentAccess.isPasswordChangeRequired(found.agent.id),
    );
  }

  private async openSession(agent: StoredAgent, passwordChangeRequired: boolean): Promise<LoginResponse> {
    const token = randomBytes(32).toString('base64url');
    const now = this.ctx.now();
    const expiresAt = now + this.ctx.config.tokenTtlMs;
    await this.ctx.store.sessions.insert({
      tokenHash: hashToken(token),
      agentId: agent.id,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      passwordChangeRequired,
    });
    return { token, expiresAt, agent: this.agents.toAgent(agent), passwordChangeRequired };
  }

  /**
   * An invitation link used: the agent's password becomes the one they chose, the invitation is spent
   * (and any other of theirs revoked), every earlier session ends, and a session opens. A token that is
   * unknown, used, expired or replaced is INVITATION_INVALID; the 256-bit token cannot be guessed, and
   * the route's per-address rate limit keeps anyone from trying.
   */
  async signInWithInvitation(raw: unknown, clientAddress: string): Promise<LoginResponse> {
    const req = parseOrThrow(InvitationSignInRequest, raw);
    const tokenHash = hashToken(req.token);
    // Checked before the (slow) hash too, so a dead link is refused at once.
    await this.usableInvitation(tokenHash, clientAddress);
    const passwordHash = await hashPassword(req.newPassword);
    return await this.ctx.writer.write(async (scope) => {
      const invitation = await this.usableInvitation(tokenHash, clientAddress);
      const agent = await this.ctx.store.agents.findById(invitation.agentId);
      if (!agent) throw new AppError('INVITATION_INVALID');
      if (!agent.active) throw new AppError('AGENT_INACTIVE');
      if (!(await this.ctx.store.agentAccess.markInvitationUsed(tokenHash, this.ctx.now()))) {
        throw new AppError('INVITATION_INVALID', 'This invitation was already used.');
      }
      await this.agents.resetCredentials(scope, agent.id, passwordHash, { passwordChangeRequired: false });
      return await this.openSession(agent, false);
    });
  }

  private async usableInvitation(tokenHash: string, clientAddress: string): Promise<StoredInvitation> {
    const invitation = await this.ctx.store.agentAccess.findInvitation(tokenHash);
    const refusal =
      invitation === null
        ? 'This invitation is unknown or was replaced by a newer one.'
        : invitation.usedAt !== null
          ? 'This invitation was already used.'
          : invitation.expiresAt <= this.ctx.now()
            ? 'This invitation has expired.'
            : null;
    if (invitation === null || refusal !== null) {
      this.ctx.log.warn({ clientAddress, agentId: invitation?.agentId }, `invitation refused: ${refusal}`);
      throw new AppError('INVITATION_INVALID', `${refusal ?? ''} Ask your admin for a new invitation.`.trim());
    }
    return invitation;
  }

  /**
   * The session opened with a temporary password sets the agent's own: no current password is asked
   * (this session just proved it), and the new one must differ from the temporary one. Any other
   * session is told to use POST /api/auth/password, which needs the current password.
   */
  async replaceTemporaryPassword(actor: Actor, raw: unknown): Promise<void> {
    const req = parseOrThrow(ReplaceTemporaryPasswordRequest, raw);
    if (actor.passwordChangeRequired !== true) {
      throw new AppError(
        'CONFLICT',
        'Your password is not a temporary one: change it with POST /api/auth/password and your current password.',
      );
    }
    const found = await this.ctx.store.agents.findCredentialsByEmail(actor.agent.email);
    if (found && (await verifyPassword(req.newPassword, found.passwordHash))) {
      throw new AppError('VALIDATION_FAILED', 'newPassword: the new password must differ from the temporary one');
    }
    await this.agents.replaceOwnPassword(actor, await hashPassword(req.newPassword));
  }

  /**
   * The signed-in agent changes their own password. A wrong current password is a failed sign-in for
   * the throttle (same email + address allowance), so a stolen token cannot be used to guess it.
   * The agent's other sessions are revoked; this one keeps working.
   */
  async changePassword(actor: Actor, raw: unknown, clientAddress: string): Promise<void> {
    const req = parseOrThrow(ChangePasswordRequest, raw);
    const { email } = actor.agent;
    await this.throttle.begin(email, clientAddress);
    const found = await this.ctx.store.agents.findCredentialsByEmail(email);
    const matches = await verifyPassword(req.currentPassword, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !matches) {
      this.ctx.log.warn({ email, clientAddress }, 'failed password change: wrong current password');
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.');
    }
    await this.throttle.recordSuccess(email, clientAddress);
    await this.agents.replaceOwnPassword(actor, await hashPassword(req.newPassword));
  }

  /** The actor behind a bearer token; UNAUTHENTICATED when unknown, expired, revoked or deactivated. */
  async authenticate(token: string | null | undefined): Promise<Actor> {
    const check = await this.checkSession(token);
    if (!check.ok) throw new AppError('UNAUTHENTICATED');
    return check.session.actor;
  }

  /** The session behind a bearer token, or why there is none (deactivation counts as revocation). */
  async checkSession(token: string | null | undefined): Promise<SessionCheck> {
    if (!token) return { ok: false, reason: 'unknown' };
    const tokenHash = hashToken(token);
    const session = await this.ctx.store.sessions.find(tokenHash);
    if (!session) return { ok: false, reason: 'unknown' };
    if (session.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (session.expiresAt <= this.ctx.now()) return { ok: false, reason: 'expired' };
    const agent = await this.ctx.store.agents.findById(session.agentId);
    if (!agent || !agent.active) return { ok: false, reason: 'revoked' };
    const actor: Actor = { agent, tokenHash, passwordChangeRequired: session.passwordChangeRequired };
    return { ok: true, session: { actor, expiresAt: session.expiresAt } };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.tokenHash === null) return;
    await this.ctx.store.sessions.revoke(actor.tokenHash, this.ctx.now());
    this.ctx.bus.publish({ type: 'sessions-revoked', agentId: actor.agent.id, tokenHash: actor.tokenHash });
  }

  async purgeExpiredSessions(): Promise<number> {
    return await this.ctx.store.sessions.deleteExpired(this.ctx.now());
  }

  /** Housekeeping: forgets sign-in throttle keys nobody has tried for a day. */
  async purgeLoginThrottle(): Promise<number> {
    return await this.throttle.purge();
  }
}
