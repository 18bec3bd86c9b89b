/**
 * One account's offline cache, opened with every store and reader built on it
 * (prepared statements are made once here and reused).
 */
import { OutboxStore } from '../outbox/outbox-store.js';
import { SearchIndex } from '../search/search-index.js';
import { AttachmentIndex } from '../attachments/attachment-index.js';
import { Dismissals } from '../outbox/dismissals.js';
import { scrubbingDeletes } from '../../../node-shared/sqlite.js';
import { openCacheDb, type CacheDb } from './cache-db.js';
import { ActivityStore } from './activity-store.js';
import { CannedReplyStore } from './canned-reply-store.js';
import { ContactSearch } from './contact-search.js';
import { ConversationReader } from './conversation-reader.js';
import { DraftStore } from './draft-store.js';
import { EntityReader } from './entity-reader.js';
import { EntityStore } from './entity-store.js';
import { PreferenceStore } from './preference-store.js';
import { QueueStore } from './queue-store.js';
import { ReadMarkerStore } from './read-marker-store.js';
import { SessionWindowStore } from './session-window-store.js';
import { SyncStateStore } from './sync-state.js';

export class ClientCache {
  readonly search: SearchIndex;
  readonly entities: EntityStore;
  readonly read: EntityReader;
  readonly conversations: ConversationReader;
  readonly contacts: ContactSearch;
  readonly syncState: SyncStateStore;
  readonly outbox: OutboxStore;
  readonly drafts: DraftStore;
  readonly attachmentFiles: AttachmentIndex;
  readonly preferences: PreferenceStore;
  readonly cannedReplies: CannedReplyStore;
  readonly activity: ActivityStore;
  readonly queues: QueueStore;
  readonly readMarkers: ReadMarkerStore;
  readonly sessionWindows: SessionWindowStore;
  readonly dismissals: Dismissals;

  private constructor(
    private readonly db: CacheDb,
    readonly folder: string,
    readonly me: string,
  ) {
    this.search = new SearchIndex(db);
    this.entities = new EntityStore(db, this.search);
    this.read = new EntityReader(db);
    this.conversations = new ConversationReader(db, me);
    this.contacts = new ContactSearch(db);
    this.syncState = new SyncStateStore(db);
    this.outbox = new OutboxStore(db);
    this.drafts = new DraftStore(db);
    this.attachmentFiles = new AttachmentIndex(db);
    this.preferences = new PreferenceStore(db);
    this.cannedReplies = new CannedReplyStore(db, me);
    this.activity = new ActivityStore(db);
    this.queues = new QueueStore(db);
    this.readMarkers = new ReadMarkerStore(db);
    this.sessionWindows = new SessionWindowStore(db);
    this.dismissals = new Dismissals(db);
  }

  /** `folder`: the account folder (see accountFolder); `me`: the signed-in agent's id. */
  static open(folder: string, me: string): ClientCache {
    return new ClientCache(openCacheDb(folder), folder, me);
  }

  /**
   * After a purged contact was removed: merges the search indexes (so its words leave them) with SQLite
   * overwriting the freed pages, then moves the WAL into the file and empties it, so neither the cache
   * file nor its WAL keeps the deleted rows' bytes.
   */
  scrub(): void {
    scrubbingDeletes(this.db, () => this.search.optimize());
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Runs `work` in one transaction (all or nothing). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
