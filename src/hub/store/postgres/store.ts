/**
 * The hub's Store on PostgreSQL (SWITCHBOARD_DATABASE_URL / --database, docs/scaling.md): one PgDb (pool,
 * migrations, transaction scope; ./db.ts) and a Postgres repository per table group, each with the same
 * behaviour as its SQLite twin (the contract suite in test/integration/store runs both).
 */
import { openPostgres, type PgDb, type PostgresOptions } from './db.js';
import type { Store } from '../store.js';
// ── Repositories: one import and one line in `repositories` below per file in this folder. ──
import { PostgresActivityRepository } from './activity.js';
import { PostgresAgentAccessRepository } from './agent-access.js';
import { PostgresAgentRepository } from './agents.js';
import { PostgresAttachmentRepository } from './attachments.js';
import { PostgresAutoMessageRepository } from './auto-messages.js';
import { PostgresCannedReplyRepository } from './canned-replies.js';
import { PostgresChannelHealthRepository } from './channel-health.js';
import { PostgresChannelRepository } from './channels.js';
import { PostgresContactRepository } from './contacts.js';
import { PostgresContactTrashRepository } from './contact-trash.js';
import { PostgresConversationRepository } from './conversations.js';
import { PostgresCreditLedgerRepository } from './credits.js';
import { PostgresEventRepository } from './events.js';
import { PostgresMessageRepository } from './messages.js';
import { PostgresReachabilityRepository } from './reachability.js';
import { PostgresReadMarkerRepository } from './reads.js';
import { PostgresReceiptRepository } from './receipts.js';
import { PostgresRoutingRepository } from './routing.js';
import { PostgresSessionRepository } from './sessions.js';
import { PostgresTeamSettingsRepository } from './team-settings.js';
import { PostgresTemplateRepository } from './templates.js';
import { PostgresTicketRepository } from './tickets.js';
import { PostgresLoginThrottleRepository } from './login-throttle.js';
import { PostgresWorkClaimRepository } from './claims.js';
import { PostgresLeaseRepository } from './leases.js';
import { PostgresNodePresenceRepository } from './node-presence.js';

type Repositories = Omit<Store, 'kind' | 'transaction' | 'close'>;

function repositories(db: PgDb): Repositories {
  return {
    // ── The list: one line per repository, in the order of the Store interface. ──
    agents: new PostgresAgentRepository(db),
    agentAccess: new PostgresAgentAccessRepository(db),
    sessions: new PostgresSessionRepository(db),
    channels: new PostgresChannelRepository(db),
    channelHealth: new PostgresChannelHealthRepository(db),
    contacts: new PostgresContactRepository(db),
    contactTrash: new PostgresContactTrashRepository(db),
    conversations: new PostgresConversationRepository(db),
    messages: new PostgresMessageRepository(db),
    attachments: new PostgresAttachmentRepository(db),
    templates: new PostgresTemplateRepository(db),
    cannedReplies: new PostgresCannedReplyRepository(db),
    tickets: new PostgresTicketRepository(db),
    credits: new PostgresCreditLedgerRepository(db),
    reads: new PostgresReadMarkerRepository(db),
    receipts: new PostgresReceiptRepository(db),
    events: new PostgresEventRepository(db),
    activity: new PostgresActivityRepository(db),
    teamSettings: new PostgresTeamSettingsRepository(db),
    reachability: new PostgresReachabilityRepository(db),
    routing: new PostgresRoutingRepository(db),
    autoMessages: new PostgresAutoMessageRepository(db),
    loginThrottle: new PostgresLoginThrottleRepository(db),
    claims: new PostgresWorkClaimRepository(db),
    leases: new PostgresLeaseRepository(db),
    nodePresence: new PostgresNodePresenceRepository(db),
  };
}

/** Connects, migrates (once across nodes), and returns the Store; a failure to open is a one-line refusal. */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const db = await openPostgres(options);
  try {
    const repos = repositories(db);
    // Settled at open, before anyone syncs: a restored backup starts a new log identity here.
    await repos.events.logId();
    const store: Store = {
      kind: 'postgres',
      ...repos,
      transaction: <T>(fn: () => Promise<T>): Promise<T> => db.transaction(fn),
      notify: async (channel, payload) => void (await db.query('SELECT pg_notify($1, $2)', [channel, payload])),
      clock: async () => {
        const row = await db.one<{ ms: string }>(`SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms`);
        return Math.round(Number(row?.ms ?? Number.NaN));
      },
      close: () => db.close(),
    };
    return store;
  } catch (error) {
    await db.close();
    throw error;
  }
}
