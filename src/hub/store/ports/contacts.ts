import { ContactAvatar, type Contact } from '../../../shared/domain.js';
import type { ChannelScope } from './scope.js';

export interface ContactRecord {
  readonly contact: Contact;
  /** Group id for group chats; '' for one-to-one chats. */
  readonly threadKey: string;
}

export interface ContactRepository {
  insert(record: ContactRecord): Promise<void>;
  update(contact: Contact, at: number): Promise<void>;
  findById(id: string): Promise<ContactRecord | null>;
  findBySender(channelId: string, externalId: string, threadKey: string): Promise<ContactRecord | null>;
  /**
   * Takes, until the current transaction ends, the lock that makes one sender's inbound messages go one at a
   * time across hub nodes (Postgres: an advisory transaction lock on the sender's key; SQLite: nothing, it has
   * one writer, so always true). Taken before anything of the sender is read, so a node that waited for it
   * reads what the other committed. With `wait` false it answers false at once when another transaction holds
   * it (docs/scaling.md, "Duplicates across nodes").
   */
  lockSender(channelId: string, externalId: string, threadKey: string, wait: boolean): Promise<boolean>;
  /** Snapshot paging by id. */
  listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Contact[]>;
  count(scope: ChannelScope): Promise<number>;
  /**
   * One-to-one contacts of the given channel kinds whose provider profile is due: never asked, or
   * asked before `staleBefore` and written to since (a new inbound message). Oldest first.
   */
  listProfileDue(
    kinds: readonly string[],
    staleBefore: number,
    maxAttempts: number,
    limit: number,
  ): Promise<ProfileDue[]>;
  /** The provider answered (a profile or "none"): stamp it and clear the failed tries. */
  markProfileChecked(id: string, at: number): Promise<void>;
  /** A try failed; after `maxAttempts` the contact waits for the next refresh. */
  markProfileFailed(id: string, at: number, maxAttempts: number): Promise<void>;
  /** The picture URL the contact's avatar was downloaded from, or null. */
  avatarSourceOf(id: string): Promise<string | null>;
  /** Keeps the contact's avatar and the URL it came from (the contact itself is saved with `update`). */
  setAvatar(id: string, avatar: ContactAvatar | null, source: string | null): Promise<void>;
  /** The contacts of a person (merged contacts), oldest first. */
  listOfPerson(personId: string): Promise<Contact[]>;
  /** Keeps a merge (hub migration 0019) so it can be undone. */
  insertMerge(merge: ContactMerge): Promise<void>;
  /** The merges not undone that involve the contact (merged, or merged into), newest first. */
  activeMergesOf(contactId: string): Promise<ContactMerge[]>;
  markMergeUndone(id: string, by: string, at: number): Promise<void>;
  /** The customer's language as the provider gave it (hub migration 0017); only the provider sets it. */
  setLanguage(id: string, language: string): Promise<void>;
}

/** One merge: `contactId` joined `intoContactId`'s person; `before` are the person ids it replaced. */
export interface ContactMerge {
  readonly id: string;
  readonly contactId: string;
  readonly intoContactId: string;
  readonly personId: string;
  readonly before: readonly { readonly contactId: string; readonly personId: string | null }[];
  readonly mergedBy: string;
  readonly mergedAt: number;
}

export interface ProfileDue {
  readonly contact: Contact;
  readonly kind: string;
}
