/**
 * The hub's storage seam: one object holding a repository per table group and
 * a transaction runner. Services only see these interfaces (store/ports/), so
 * the SQLite implementation (store/sqlite/, the default) and the Postgres one
 * (store/postgres/, for a hub on several nodes) are interchangeable. Every
 * method is asynchronous; a transaction is carried by AsyncLocalStorage, so
 * concurrent requests never join each other's.
 */
import { AppError } from '../../shared/errors.js';
import type { ActivityRepository } from './ports/activity.js';
import type { TeamSettingsRepository } from './ports/team-settings.js';
import type { AgentRepository } from './ports/agents.js';
import type { AgentAccessRepository } from './ports/agent-access.js';
import type { AttachmentRepository } from './ports/attachments.js';
import type { AutoMessageRepository } from './ports/auto-messages.js';
import type { CannedReplyRepository } from './ports/canned-replies.js';
import type { ChannelHealthRepository } from './ports/channel-health.js';
import type { ChannelRepository } from './ports/channels.js';
import type { WorkClaimRepository } from './ports/claims.js';
import type { ContactRepository } from './ports/contacts.js';
import type { ContactTrashRepository } from './ports/contact-trash.js';
import type { ConversationRepository } from './ports/conversations.js';
import type { CreditLedgerRepository } from './ports/credits.js';
import type { EventRepository } from './ports/events.js';
import type { MessageRepository } from './ports/messages.js';
import type { ReadMarkerRepository } from './ports/reads.js';
import type { ReachabilityRepository } from './ports/reachability.js';
import type { ReceiptRepository } from './ports/receipts.js';
import type { RoutingRepository } from './ports/routing.js';
import type { SessionRepository } from './ports/sessions.js';
import type { TemplateRepository } from './ports/templates.js';
import type { TicketRepository } from './ports/tickets.js';
import type { LoginThrottleRepository } from './ports/login-throttle.js';
import type { LeaseRepository } from './ports/leases.js';
import type { NodePresenceRepository } from './ports/node-presence.js';

export interface Store {
  /** Which implementation: the embedded SQLite file, or a shared Postgres (docs/scaling.md). */
  readonly kind: 'sqlite' | 'postgres';
  readonly agents: AgentRepository;
  readonly agentAccess: AgentAccessRepository;
  readonly sessions: SessionRepository;
  readonly channels: ChannelRepository;
  readonly channelHealth: ChannelHealthRepository;
  readonly contacts: ContactRepository;
  readonly contactTrash: ContactTrashRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly attachments: AttachmentRepository;
  readonly templates: TemplateRepository;
  readonly cannedReplies: CannedReplyRepository;
  readonly tickets: TicketRepository;
  readonly credits: CreditLedgerRepository;
  readonly reads: ReadMarkerRepository;
  readonly receipts: ReceiptRepository;
  readonly events: EventRepository;
  readonly activity: ActivityRepository;
  readonly teamSettings: TeamSettingsRepository;
  /** Whether a customer can be written to first (LINE follow state), read from stored events. */
  readonly reachability: ReachabilityRepository;
  /** Queues, presence with its time, pass counts (services/routing/). */
  readonly routing: RoutingRepository;
  /** Auto-replies and greetings a conversation has had, once each (services/auto-messages.ts). */
  readonly autoMessages: AutoMessageRepository;
  /** The sign-in throttle's counts, shared by every node (services/login-throttle.ts). */
  readonly loginThrottle: LoginThrottleRepository;
  /** Leases on sends and media downloads, so several nodes do each once (ports/claims.ts). */
  readonly claims: WorkClaimRepository;
  /** Work done by one node at a time (docs/scaling.md, "Work done by one node"). */
  readonly leases: LeaseRepository;
  /** Each node's presence of its agents and its viewers, with a heartbeat (services/node-presence.ts). */
  readonly nodePresence: NodePresenceRepository;
  /** Runs fn atomically; a nested call is a savepoint of the outer transaction (its failure undoes only its own changes). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Postgres only: NOTIFY on the current transaction (sent at its commit, never if it rolls back) or at
   * once outside one; how the hub's nodes tell each other (src/hub/cluster/, docs/scaling.md).
   */
  readonly notify?: (channel: string, payload: string) => Promise<void>;
  /**
   * Postgres only: the database server's clock (ms since the epoch), the one time every node keeps to
   * (the hub's clock at start, server.ts): leases, claims and heartbeats compare one node's times with another's.
   */
  readonly clock?: () => Promise<number>;
  close(): Promise<void>;
}

/**
 * SQLSTATEs of a transaction the database aborted so that another could go on: a deadlock (40P01) or a
 * serialization failure (40001). Nothing of it was kept, and run again it succeeds (services/writer.ts).
 */
export const CONFLICT_STATES: ReadonlySet<string> = new Set(['40P01', '40001']);

/** A write that lost a lock conflict to another (Postgres only; SQLite has one writer): worth running again. */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'DATABASE_TIMEOUT') return false;
  const details: unknown = error.details;
  return (
    typeof details === 'object' &&
    details !== null &&
    'sqlState' in details &&
    typeof details.sqlState === 'string' &&
    CONFLICT_STATES.has(details.sqlState)
  );
}
