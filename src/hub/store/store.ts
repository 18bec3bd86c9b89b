/**
 * The hub's storage seam: one object holding a repository per table group and
 * a transaction runner. Services only see these interfaces, so a Postgres
 * implementation can replace the SQLite one without touching them.
 */
import path from 'node:path';
import { openDatabase } from './sqlite/db';
import { SqliteActivityRepository } from './sqlite/activity';
import { SqliteTeamSettingsRepository } from './sqlite/team-settings';
import { SqliteAgentRepository } from './sqlite/agents';
import { SqliteAgentAccessRepository } from './sqlite/agent-access';
import { SqliteAttachmentRepository } from './sqlite/attachments';
import { SqliteAutoMessageRepository } from './sqlite/auto-messages';
import { SqliteCannedReplyRepository } from './sqlite/canned-replies';
import { SqliteChannelHealthRepository } from './sqlite/channel-health';
import { SqliteChannelRepository } from './sqlite/channels';
import { SqliteContactRepository } from './sqlite/contacts';
import { SqliteContactTrashRepository } from './sqlite/contact-trash';
import { SqliteConversationRepository } from './sqlite/conversations';
import { SqliteCreditLedgerRepository } from './sqlite/credits';
import { SqliteEventRepository } from './sqlite/events';
import { SqliteMessageRepository } from './sqlite/messages';
import { SqliteReadMarkerRepository } from './sqlite/reads';
import { SqliteReachabilityRepository } from './sqlite/reachability';
import { SqliteReceiptRepository } from './sqlite/receipts';
import { SqliteRoutingRepository } from './sqlite/routing';
import { SqliteSessionRepository } from './sqlite/sessions';
import { SqliteTemplateRepository } from './sqlite/templates';
import { SqliteTicketRepository } from './sqlite/tickets';
import type { ActivityRepository } from "./ports/activity.js";
import type { TeamSettingsRepository } from "./ports/team-settings.js";
import type { AgentRepository } from "./ports/agents.js";
import type { AgentAccessRepository } from "./ports/agent-access.js";
import type { AttachmentRepository } from "./ports/attachments.js";
import type { AutoMessageRepository } from "./ports/auto-messages.js";
import type { CannedReplyRepository } from "./ports/canned-replies.js";
import type { ChannelHealthRepository } from "./ports/channel-health.js";
import type { ChannelRepository } from "./ports/channels.js";
import type { ContactRepository } from "./ports/contacts.js";
import type { ContactTrashRepository } from "./ports/contact-trash.js";
import type { ConversationRepository } from "./ports/conversations.js";
import type { CreditLedgerRepository } from "./ports/credits.js";
import type { EventRepository } from "./ports/events.js";
import type { MessageRepository } from "./ports/messages.js";
import type { ReadMarkerRepository } from "./ports/reads.js";
import type { ReachabilityRepository } from "./ports/reachability.js";
import type { ReceiptRepository } from "./ports/receipts.js";
import type { RoutingRepository } from "./ports/routing.js";
import type { SessionRepository } from "./ports/sessions.js";
import type { TemplateRepository } from "./ports/templates.js";
import type { TicketRepository } from "./ports/tickets.js";

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
