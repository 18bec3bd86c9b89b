/**
 * The embedded store: one SQLite file in the data folder (the default; no
 * other server needed). Repositories run their statements on one connection;
 * transactions.ts makes it safe for an asynchronous hub.
 */
import path from 'node:path';
import { openDatabase } from './db.js';
import { SqliteActivityRepository } from './activity.js';
import { SqliteTeamSettingsRepository } from './team-settings.js';
import { SqliteAgentRepository } from './agents.js';
import { SqliteAgentAccessRepository } from './agent-access.js';
import { SqliteAttachmentRepository } from './attachments.js';
import { SqliteAutoMessageRepository } from './auto-messages.js';
import { SqliteCannedReplyRepository } from './canned-replies.js';
import { SqliteChannelHealthRepository } from './channel-health.js';
import { SqliteChannelRepository } from './channels.js';
import { SqliteContactRepository } from './contacts.js';
import { SqliteContactTrashRepository } from './contact-trash.js';
import { SqliteConversationRepository } from './conversations.js';
import { SqliteCreditLedgerRepository } from './credits.js';
import { SqliteEventRepository } from './events.js';
import { SqliteMessageRepository } from './messages.js';
import { SqliteReadMarkerRepository } from './reads.js';
import { SqliteReachabilityRepository } from './reachability.js';
import { SqliteReceiptRepository } from './receipts.js';
import { SqliteRoutingRepository } from './routing.js';
import { SqliteSessionRepository } from './sessions.js';
import { SqliteTemplateRepository } from './templates.js';
import { SqliteTicketRepository } from './tickets.js';
import { SqliteLoginThrottleRepository } from './login-throttle.js';
import { SqliteLeaseRepository } from './leases.js';
import { SqliteNodePresenceRepository } from './node-presence.js';
import type { Store } from '../store.js';
import { SqliteTransactions } from './transactions.js';
import { SqliteWorkClaimRepository } from './claims.js';

const DATABASE_FILE = 'hub.sqlite';

export async function openSqliteStore(dataDir: string): Promise<Store> {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  const tx = new SqliteTransactions(db);
  const g = <R extends object>(repository: R): R => tx.guard(repository);
  const attachments = new SqliteAttachmentRepository(db);
  const events = new SqliteEventRepository(db);
  // Settled at open, before anyone syncs: a restored backup starts a new log identity here.
  await events.logId();
  const channelHealth = new SqliteChannelHealthRepository(db);
  // A Channel carries its health summary (channel-health.ts).
  const channels = new SqliteChannelRepository(db, async (id) => await channelHealth.summaryOf(id));
  tx.onEnd(() => channels.transactionEnded());
  return {
    agents: g(new SqliteAgentRepository(db)),
    agentAccess: g(new SqliteAgentAccessRepository(db)),
    sessions: g(new SqliteSessionRepository(db)),
    channels: g(channels),
    channelHealth: g(channelHealth),
    contacts: g(new SqliteContactRepository(db)),
    // scrubbing runs the purge's own transaction inside it, so it takes the connection itself (contact-trash.ts).
    contactTrash: tx.guard(new SqliteContactTrashRepository(db, tx), ['scrubbing']),
    conversations: g(new SqliteConversationRepository(db)),
    messages: g(new SqliteMessageRepository(db, attachments)),
    attachments: g(attachments),
    templates: g(new SqliteTemplateRepository(db)),
    cannedReplies: g(new SqliteCannedReplyRepository(db)),
    tickets: g(new SqliteTicketRepository(db)),
    credits: g(new SqliteCreditLedgerRepository(db)),
    reads: g(new SqliteReadMarkerRepository(db)),
    receipts: g(new SqliteReceiptRepository(db)),
    events: g(events),
    activity: g(new SqliteActivityRepository(db)),
    teamSettings: g(new SqliteTeamSettingsRepository(db)),
    reachability: g(new SqliteReachabilityRepository(db)),
    routing: g(new SqliteRoutingRepository(db)),
    autoMessages: g(new SqliteAutoMessageRepository(db)),
    loginThrottle: g(new SqliteLoginThrottleRepository(db)),
    claims: new SqliteWorkClaimRepository(),
    leases: g(new SqliteLeaseRepository(db)),
    nodePresence: g(new SqliteNodePresenceRepository(db)),
    kind: 'sqlite',
    transaction: async <T>(fn: () => Promise<T>): Promise<T> => await tx.transaction(fn),
    close: async () =>
      await tx.exclusive(async () => {
        if (!db.open) return;
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }),
  };
}
