/**
 * Persons (issue 14 §4, docs/lifecycle.md "Contacts and people"): the same customer on LINE and WhatsApp is
 * two contacts, one per channel; merging gives them one person id. Nothing else changes: each contact keeps
 * its channel, identity, name, notes and conversations, so replies still go where the customer wrote, and
 * the clients list the person's conversations together. Each merge is kept with the person ids it replaced
 * (hub migration 0019), so unmerging puts back exactly what was there.
 *
 * Needs `update` and read access to every contact the merge changes (an agent cannot pull a contact of a
 * channel they cannot read into a person, nor take it out). Each merge and unmerge writes an activity line
 * into the latest conversation of both contacts, and sends every linked client the contacts' new
 * snapshots (contact.upsert with the personId).
 */
import { mapAsync } from '../../node-shared/async-list.js';
import type { Activity } from '../../shared/activity.js';
import type { Contact } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { byAgent } from './activity.js';
import { requireChannelAccess, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { onChannel, type WriteScope } from './writer.js';
import type { ContactMerge } from '../store/ports/contacts.js';

/** What POST /api/contacts/:id/merge and …/unmerge answer: the contacts as they are now. */
export interface ContactMergeResult {
  readonly mergeId: string;
  /** The person id the merge gave, or (unmerge) took away. */
  readonly personId: string;
  readonly contacts: Contact[];
}

type Save = (scope: WriteScope, contact: Contact) => Promise<Contact>;

export class ContactMerger {
  constructor(
    private readonly ctx: HubContext,
    private readonly save: Save,
  ) {}

  /** `id` (and its person, if it has one) joins the person of `intoId` (a new person when it has none). */
  async merge(actor: Actor, id: string, intoId: string): Promise<ContactMergeResult> {
    requirePermission(actor, 'update');
    return await this.ctx.writer.write(async (scope) => {
      const contact = await this.readable(actor, id);
      const into = await this.readable(actor, intoId);
      if (contact.id === into.id || contact.deletedAt !== null || into.deletedAt !== null) {
        throw new AppError('CONTACT_MERGE_INVALID');
      }
      if (contact.personId && contact.personId === into.personId) throw new AppError('CONTACT_ALREADY_MERGED');
      const personId = into.personId ?? uuidv7(this.ctx.now());
      const moving = contact.personId ? await this.ctx.store.contacts.listOfPerson(contact.personId) : [contact];
      const changed = [...(into.personId ? [] : [into]), ...moving];
      for (const c of changed) await requireChannelAccess(this.ctx.store, actor, c.channelId);
      const merge: ContactMerge = {
        id: uuidv7(this.ctx.now()),
        contactId: contact.id,
        intoContactId: into.id,
        personId,
        before: changed.map((c) => ({ contactId: c.id, personId: c.personId ?? null })),
        mergedBy: actor.agent.id,
        mergedAt: this.ctx.now(),
      };
      await this.ctx.store.contacts.insertMerge(merge);
      for (const c of changed) await this.save(scope, { ...c, personId });
      await this.note(scope, actor, 'merged', contact, into);
      return { mergeId: merge.id, personId, contacts: await this.ctx.store.contacts.listOfPerson(personId) };
    });
  }

  /**
   * Undoes the merge that brought `id` into its person (or, for the contact others were merged into, the
   * latest merge into it): every contact it changed gets its earlier person id back, unless a later merge
   * moved it on. A person left with one contact is no person any more.
   */
  async unmerge(actor: Actor, id: string): Promise<ContactMergeResult> {
    requirePermission(actor, 'update');
    return await this.ctx.writer.write(async (scope) => {
      const contact = await this.readable(actor, id);
      const merges = contact.personId ? await this.ctx.store.contacts.activeMergesOf(id) : [];
      const merge =
        merges.find((m) => m.contactId === id && m.personId === contact.personId) ??
        merges.find((m) => m.personId === contact.personId);
      if (!merge) throw new AppError('CONTACT_NOT_MERGED');
      const restore = (
        await mapAsync(merge.before, async (b) => {
          const current = (await this.ctx.store.contacts.findById(b.contactId))?.contact;
          return current && current.personId === merge.personId ? [{ current, personId: b.personId }] : [];
        })
      ).flat();
      for (const { current } of restore) await requireChannelAccess(this.ctx.store, actor, current.channelId);
      await this.ctx.store.contacts.markMergeUndone(merge.id, actor.agent.id, this.ctx.now());
      for (const { current, personId } of restore) await this.save(scope, withPerson(current, personId));
      const left = await this.ctx.store.contacts.listOfPerson(merge.personId);
      if (left.length === 1 && left[0]) await this.save(scope, withPerson(left[0], null));
      const other = await this.ctx.store.contacts.findById(
        merge.contactId === id ? merge.intoContactId : merge.contactId,
      );
      if (other) await this.note(scope, actor, 'unmerged', contact, other.contact);
      const now = (
        await mapAsync([contact.id, ...merge.before.map((b) => b.contactId)], async (cid) => {
          const found = (await this.ctx.store.contacts.findById(cid))?.contact;
          return found ? [found] : [];
        })
      ).flat();
      return {
        mergeId: merge.id,
        personId: merge.personId,
        contacts: [...new Map(now.map((c) => [c.id, c])).values()],
      };
    });
  }

  private async readable(actor: Actor, id: string): Promise<Contact> {
    const record = await this.ctx.store.contacts.findById(id);
    if (!record) throw new AppError('NOT_FOUND', 'No such contact.');
    await requireChannelAccess(this.ctx.store, actor, record.contact.channelId);
    return record.contact;
  }

  /** One activity line in each contact's latest conversation, naming the other contact and its channel. */
  private async note(
    scope: WriteScope,
    actor: Actor,
    action: 'merged' | 'unmerged',
    a: Contact,
    b: Contact,
  ): Promise<void> {
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const latest = (await this.ctx.store.conversations.latestOfContact(self.id))?.conversation;
      const channel = await this.ctx.store.channels.findById(other.channelId);
      if (!latest || !channel) continue;
      const activity: Activity = {
        id: uuidv7(this.ctx.now()),
        conversationId: latest.id,
        channelId: latest.channelId,
        actor: byAgent(actor.agent.id),
        change: { kind: 'person', action, contactName: other.name, channelKind: channel.kind },
        at: this.ctx.now(),
      };
      await this.ctx.store.activity.insert(activity);
      scope.emit({ type: 'activity.upsert', activity }, onChannel(latest.channelId));
    }
  }
}

function withPerson(contact: Contact, personId: string | null): Contact {
  const next: Contact = { ...contact, personId };
  if (personId === null) delete next.personId;
  return next;
}
