import type { ChannelKind, Contact } from '../../../shared/domain.js';

export interface TrashedContactRow {
  readonly contact: Contact;
  readonly channel: { readonly id: string; readonly name: string; readonly kind: ChannelKind } | null;
  readonly conversationCount: number;
}

export interface TrashPageQuery {
  /** Matched anywhere in the name, phone, username or provider id; null lists everything. */
  readonly search: string | null;
  readonly after: { readonly deletedAt: number; readonly id: string } | null;
  readonly limit: number;
}

export interface PurgedContact {
  readonly conversationIds: readonly string[];
  readonly messages: number;
  readonly attachments: number;
  /** Content addresses of blobs nothing refers to any more (their files can go). */
  readonly unreferencedBlobs: readonly string[];
}

export interface ContactTrashRepository {
  listTrashed(query: TrashPageQuery): Promise<TrashedContactRow[]>;
  /** Deletes the contact and everything of it (run inside a transaction). */
  purge(contact: Contact): Promise<PurgedContact>;
  /**
   * Runs `work` with SQLite overwriting what it deletes (PRAGMA secure_delete), then moves the WAL into
   * the database and empties it, so the deleted rows' bytes are not left in free pages or old WAL frames.
   */
  scrubbing<T>(work: () => T): Promise<T>;
}
