/**
 * Sign-in and sessions. Tokens are 32 random bytes (base64url) handed to the
 * client once; the hub keeps only their sha256, with an expiry, and revokes
 * them on logout, deactivation or password change (an agent's own change
 * keeps the session that made it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, parseOrThrow } from '../../shared/errors.js';
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
    this.throttle = new LoginThrottler(ctx.config.loginThrottle, ctx.now);
  }

  async login(raw: unknown, clientAddress: string): Promise<LoginResponse> {
    const req = parseOrThrow(LoginRequest, raw);
    // Reserved before the (asynchronous) hash, so parallel guesses cannot all pass the check.
    this.throttle.begin(req.email, clientAddress);
    const found = this.ctx.store.agents.findCredentialsByEmail(req.email);
    const matches = await verifyPassword(req.password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !matches) {
      this.ctx.log.warn({ email: req.email, clientAddress }, 'failed sign-in');
      throw new AppError('INVALID_CREDENTIALS');
    }
    this.throttle.recordSuccess(req.email, clientAddress);
    if (!found.agent.active) throw new AppError('AGENT_INACTIVE');
    const token = randomBytes(32).toString('base64url');
    const now = this.ctx.now();
    const expiresAt = now + this.ctx.config.tokenTtlMs;
    this.ctx.store.sessions.insert({
      tokenHash: hashToken(token),
      agentId: found.agent.id,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    });
    return { token, expiresAt, agent: this.agents.toAgent(found.agent) };
  }

  /**
   * The signed-in agent changes their own password. A wrong current password is a failed sign-in for
   * the throttle (same email + address allowance), so a stolen token cannot be used to guess it.
   * The agent's other sessions are revoked; this one keeps working.
   */
  async changePassword(actor: Actor, raw: unknown, clientAddress: string): Promise<void> {
    const req = parseOrThrow(ChangePasswordRequest, raw);
    const { email } = actor.agent;
    this.throttle.begin(email, clientAddress);
    const found = this.ctx.store.agents.findCredentialsByEmail(email);
    const matches = await verifyPassword(req.currentPassword, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !matches) {
      this.ctx.log.warn({ email, clientAddress }, 'failed password change: wrong current password');
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.');
    }
    this.throttle.recordSuccess(email, clientAddress);
    this.agents.replaceOwnPassword(actor, await hashPassword(req.newPassword));
  }

  /** The actor behind a bearer token; UNAUTHENTICATED when unknown, expired, revoked or deactivated. */
  authenticate(token: string | null | undefined): Actor {
    const check = this.checkSession(token);
    if (!check.ok) throw new AppError('UNAUTHENTICATED');
    return check.session.actor;
  }

  /** The session behind a bearer token, or why there is none (deactivation counts as revocation). */
  checkSession(token: string | null | undefined): SessionCheck {
    if (!token) return { ok: false, reason: 'unknown' };
    const tokenHash = hashToken(token);
    const session = this.ctx.store.sessions.find(tokenHash);
    if (!session) return { ok: false, reason: 'unknown' };
    if (session.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (session.expiresAt <= this.ctx.now()) return { ok: false, reason: 'expired' };
    const agent = this.ctx.store.agents.findById(session.agentId);
    if (!agent || !agent.active) return { ok: false, reason: 'revoked' };
    return { ok: true, session: { actor: { agent, tokenHash }, expiresAt: session.expiresAt } };
  }

  logout(actor: Actor): void {
    if (actor.tokenHash === null) return;
    this.ctx.store.sessions.revoke(actor.tokenHash, this.ctx.now());
    this.ctx.bus.publish({ type: 'sessions-revoked', agentId: actor.agent.id, tokenHash: actor.tokenHash });
  }

  purgeExpiredSessions(): number {
    return this.ctx.store.sessions.deleteExpired(this.ctx.now());
  }
}
