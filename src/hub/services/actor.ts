/**
 * Who is asking and what they may touch. Admins see everything; an agent sees
 * the channels it is linked to, and only with the view permission. The
 * permission flags map to actions: view → read, create → send, update →
 * assign and status, delete → trash contacts (SPEC §6, FAQ 59).
 */
import type { Permissions } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { Store } from '../store/store.js';
import type { StoredAgent } from '../store/ports/agents.js';

export interface Actor {
  readonly agent: StoredAgent;
  /** The session's token hash; null for internal callers (CLI, demo). */
  readonly tokenHash: string | null;
  /** The session was opened with a temporary password: it may only replace it (request-auth.ts). */
  readonly passwordChangeRequired?: boolean;
}

export const isAdmin = (actor: Actor): boolean => actor.agent.role === 'admin';

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only an admin can do this.');
}

export function requirePermission(actor: Actor, flag: keyof Permissions): void {
  if (isAdmin(actor)) return;
  if (!actor.agent.permissions[flag]) throw new AppError('FORBIDDEN', `This needs the "${flag}" permission.`);
}

/** The channels whose conversations the actor may read: every live channel for admins. */
export async function readableChannelIds(store: Store, actor: Actor): Promise<string[]> {
  if (isAdmin(actor)) return (await store.channels.list()).map((c) => c.id);
  if (!actor.agent.permissions.view) return [];
  return await store.channels.channelIdsOfAgent(actor.agent.id);
}

/**
 * The channels whose events and rows the actor's client keeps: the readable ones and those in the trash
 * (their clients hide them), so trashing and restoring travel through the event log like any change
 * and a client that was offline meanwhile follows when it syncs.
 */
export async function syncedChannelIds(store: Store, actor: Actor): Promise<string[]> {
  if (isAdmin(actor)) return (await store.channels.listWithTrashed()).map((c) => c.id);
  if (!actor.agent.permissions.view) return [];
  return await store.channels.syncedChannelIdsOfAgent(actor.agent.id);
}

async function canReadChannel(store: Store, actor: Actor, channelId: string): Promise<boolean> {
  if (isAdmin(actor)) return (await store.channels.findById(channelId)) !== null;
  if (!actor.agent.permissions.view) return false;
  return (await store.channels.channelIdsOfAgent(actor.agent.id)).includes(channelId);
}

/** Throws FORBIDDEN when the actor is not linked to the channel (or lacks view), CHANNEL_IN_TRASH when it is trashed. */
export async function requireChannelAccess(store: Store, actor: Actor, channelId: string): Promise<void> {
  if (!(await canReadChannel(store, actor, channelId))) {
    // Whoever would see it were it live is told it is in the trash (an outbox reply queued offline …).
    if ((await store.channels.isTrashed(channelId)) && (await syncedChannelIds(store, actor)).includes(channelId)) {
      throw new AppError('CHANNEL_IN_TRASH');
    }
    throw new AppError('FORBIDDEN', 'You are not linked to this conversation’s channel.');
  }
}
