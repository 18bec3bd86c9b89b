/**
 * Agents: create, update, deactivate (their unresolved conversations are
 * re-routed, their sessions and sockets ended) and reactivate; the first
 * admin; the password and session side of resets. Every change emits
 * agent.upsert to everyone, so each client sees its own agent change live.
 */
import type { z } from 'zod';
import type { Agent } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { CreateAgentRequest, UpdateAgentRequest } from '../../shared/protocol.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { requireAdmin, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { hashPassword } from './passwords.js';
import type { PresenceTracker } from './presence.js';
import type { ConversationRerouter } from './rerouting.js';
import { EVERYONE, type WriteScope } from './writer.js';
import type { StoredAgent } from '../store/ports/agents.js';

export class AgentService {
  constructor(
    private readonly ctx: HubContext,
    private readonly presence: PresenceTracker,
    private readonly rerouter: ConversationRerouter,
  ) {}

  toAgent(stored: StoredAgent): Agent {
    return { ...stored, presence: this.presence.of(stored.id) };
  }

  emitAgent(scope: WriteScope, stored: StoredAgent): void {
    scope.emit({ type: 'agent.upsert', agent: this.toAgent(stored) }, EVERYONE);
  }

  async list(_actor: Actor): Promise<Agent[]> {
    return (await this.ctx.store.agents.list()).map((a) => this.toAgent(a));
  }

  async get(_actor: Actor, id: string): Promise<Agent> {
    const stored = await this.ctx.store.agents.findById(id);
    if (!stored) throw new AppError('NOT_FOUND', 'No such agent.');
    return this.toAgent(stored);
  }

  async create(actor: Actor, raw: unknown): Promise<Agent> {
    requireAdmin(actor);
    const req = parseOrThrow(CreateAgentRequest, raw);
    return await this.insert(req, await hashPassword(req.password));
  }

  /** The first admin (empty database, or `create-admin`): no actor needed. */
  async createAdmin(email: string, name: string, password: string): Promise<Agent> {
    const req = parseOrThrow(CreateAgentRequest, { email, name, password, role: 'admin' });
    return await this.insert(
      { ...req, permissions: { view: true, create: true, update: true, delete: true } },
      await hashPassword(password),
    );
  }

  /** A new agent with this password hash (joins the caller's write when there is one). */
  async insert(req: Omit<z.infer<typeof CreateAgentRequest>, 'password'>, passwordHash: string): Promise<Agent> {
    return await this.ctx.writer.write(async (scope) => {
      if (await this.ctx.store.agents.findCredentialsByEmail(req.email)) {
        throw new AppError('CONFLICT', 'An agent with this email already exists.');
      }
      const stored: StoredAgent = {
        id: uuidv7(),
        email: req.email,
        name: req.name,
        role: req.role,
        permissions: req.permissions,
        active: true,
        createdAt: this.ctx.now(),
      };
      await this.ctx.store.agents.insert(stored, passwordHash);
      this.emitAgent(scope, stored);
      return this.toAgent(stored);
    });
  }

  async update(actor: Actor, id: string, raw: unknown): Promise<Agent> {
    requireAdmin(actor);
    const req = parseOrThrow(UpdateAgentRequest, raw);
    const passwordHash = req.password === undefined ? null : await hashPassword(req.password);
    return await this.ctx.writer.write(async (scope) => {
      const current = await this.ctx.store.agents.findById(id);
      if (!current) throw new AppError('NOT_FOUND', 'No such agent.');
      const next: StoredAgent = {
        ...current,
        name: req.name ?? current.name,
        role: req.role ?? current.role,
        permissions: req.permissions ?? current.permissions,
        active: req.active ?? current.active,
        capacity: req.capacity === undefined ? (current.capacity ?? null) : req.capacity,
      };
      await this.refuseLosingLastAdmin(current, next);
      const now = this.ctx.now();
      await this.ctx.store.agents.update(next, now);
      const deactivated = current.active && !next.active;
      // An admin who sets the password chose it, like at creation: it is not a temporary one.
      if (passwordHash !== null)
        await this.resetCredentials(scope, id, passwordHash, { passwordChangeRequired: false });
      else if (deactivated) await this.revokeSessions(scope, id, now, null);
      if (deactivated) {
        await this.ctx.store.agentAccess.revokeInvitationsOf(id);
        await this.rerouter.rerouteFrom(scope, id);
      }
      if (current.role !== next.role || current.permissions.view !== next.permissions.view) {
        scope.signal({ type: 'links-changed', agentIds: [id] });
      }
      this.emitAgent(scope, next);
      return this.toAgent(next);
    });
  }

  /**
   * The agent's own password change (auth.ts checked the current one): every other session is revoked,
   * as an admin's reset revokes them all, and the session that asked stays signed in.
   */
  async replaceOwnPassword(actor: Actor, passwordHash: string): Promise<void> {
    const id = actor.agent.id;
    await this.ctx.writer.write(async (scope) => {
      const now = this.ctx.now();
      await this.ctx.store.agents.setPasswordHash(id, passwordHash, now);
      await this.ctx.store.agentAccess.setPasswordChangeRequired(id, false);
      if (actor.tokenHash !== null) await this.ctx.store.sessions.clearPasswordChangeRequired(actor.tokenHash);
      await this.revokeSessions(scope, id, now, actor.tokenHash);
    });
  }

  /**
   * A new password hash set for the agent by someone else (an admin's reset, an invitation used): every
   * session of the agent ends, their sockets are disconnected, unused invitations stop working.
   */
  async resetCredentials(
    scope: WriteScope,
    id: string,
    passwordHash: string,
    options: { readonly passwordChangeRequired: boolean },
  ): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.store.agents.setPasswordHash(id, passwordHash, now);
    await this.ctx.store.agentAccess.setPasswordChangeRequired(id, options.passwordChangeRequired);
    await this.ctx.store.agentAccess.revokeInvitationsOf(id);
    await this.revokeSessions(scope, id, now, null);
  }

  /** Revokes the agent's sessions (all, or all but `keptTokenHash`) and disconnects their sockets. */
  private async revokeSessions(
    scope: WriteScope,
    agentId: string,
    now: number,
    keptTokenHash: string | null,
  ): Promise<void> {
    if (keptTokenHash === null) {
      await this.ctx.store.sessions.revokeAllOfAgent(agentId, now);
      scope.signal({ type: 'sessions-revoked', agentId, tokenHash: null });
    } else {
      await this.ctx.store.sessions.revokeOthersOfAgent(agentId, keptTokenHash, now);
      scope.signal({ type: 'sessions-revoked', agentId, tokenHash: null, keptTokenHash });
    }
  }

  deactivate(actor: Actor, id: string): Promise<Agent> {
    return this.update(actor, id, { active: false });
  }

  /** The agent may sign in again with their password; re-routed conversations stay where they went. */
  reactivate(actor: Actor, id: string): Promise<Agent> {
    return this.update(actor, id, { active: true });
  }

  private async refuseLosingLastAdmin(current: StoredAgent, next: StoredAgent): Promise<void> {
    const wasActiveAdmin = current.role === 'admin' && current.active;
    const staysActiveAdmin = next.role === 'admin' && next.active;
    if (wasActiveAdmin && !staysActiveAdmin && (await this.ctx.store.agents.countActiveAdmins()) <= 1) {
      throw new AppError('CONFLICT', 'The hub needs at least one active admin.');
    }
  }
}
