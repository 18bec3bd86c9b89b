/**
 * The hub's storage seam: one object holding a repository per table group and
 * a transaction runner. Services only see these interfaces, so a Postgres
 * implementation can replace the SQLite one without touching them.
 */
import path from 'node:path';
import { openDatabase } from './db.js';
import { SqliteActivityRepository, type ActivityRepository } from './activity.js';
import { SqliteTeamSettingsRepository, type TeamSettingsRepository } from './team-settings.js';
import { SqliteAgentRepository, type AgentRepository } from './agents.js';
import { SqliteAgentAccessRepository, type AgentAccessRepository } from './agent-access.js';
import { SqliteAttachmentRepository, type AttachmentRepository } from './attachments.js';
import { SqliteAutoMessageRepository, type AutoMessageRepository } from './auto-messages.js';
import { SqliteCannedReplyRepository, type CannedReplyRepository } from './canned-replies.js';
import { SqliteChannelHealthRepository, type ChannelHealthRepository } from './channel-health.js';
import { SqliteChannelRepository, type ChannelRepository } from './channels.js';
import { SqliteContactRepository, type ContactRepository } from './contacts.js';
import { SqliteContactTrashRepository, type ContactTrashRepository } from './contact-trash.js';
import { SqliteConversationRepository, type ConversationRepository } from './conversations.js';
import { SqliteCreditLedgerRepository, type CreditLedgerRepository } from './credits.js';
import { SqliteEventRepository, type EventRepository } from './events.js';
import { SqliteMessageRepository, type MessageRepository } from './messages.js';
import { SqliteReadMarkerRepository, type ReadMarkerRepository } from './reads.js';
import { SqliteReachabilityRepository, type ReachabilityRepository } from './reachability.js';
import { SqliteReceiptRepository, type ReceiptRepository } from './receipts.js';
import { SqliteRoutingRepository, type RoutingRepository } from './routing.js';
import { SqliteSessionRepository, type SessionRepository } from './sessions.js';
import { SqliteTemplateRepository, type TemplateRepository } from './templates.js';
import { SqliteTicketRepository, type TicketRepository } from './tickets.js';

export interface Store {
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
  /** Runs fn atomically; a nested call is a savepoint of the outer transaction (its failure undoes only its own changes). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

const DATABASE_FILE = 'hub.sqlite';

export function openSqliteStore(dataDir: string): Store {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  const attachments = new SqliteAttachmentRepository(db);
  const events = new SqliteEventRepository(db);
  // Settled at open, before anyone syncs: a restored backup starts a new log identity here.
  events.logId();
  const channelHealth = new SqliteChannelHealthRepository(db);
  return {
    agents: new SqliteAgentRepository(db),
    agentAccess: new SqliteAgentAccessRepository(db),
    sessions: new SqliteSessionRepository(db),
    // A Channel carries its health summary (channel-health.ts).
    channels: new SqliteChannelRepository(db, (id) => channelHealth.summaryOf(id)),
    channelHealth,
    contacts: new SqliteContactRepository(db),
    contactTrash: new SqliteContactTrashRepository(db),
    conversations: new SqliteConversationRepository(db),
    messages: new SqliteMessageRepository(db, attachments),
    attachments,
    templates: new SqliteTemplateRepository(db),
    cannedReplies: new SqliteCannedReplyRepository(db),
    tickets: new SqliteTicketRepository(db),
    credits: new SqliteCreditLedgerRepository(db),
    reads: new SqliteReadMarkerRepository(db),
    receipts: new SqliteReceiptRepository(db),
    events,
    activity: new SqliteActivityRepository(db),
    teamSettings: new SqliteTeamSettingsRepository(db),
    reachability: new SqliteReachabilityRepository(db),
    routing: new SqliteRoutingRepository(db),
    autoMessages: new SqliteAutoMessageRepository(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => {
      if (!db.open) return;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
