/**
 * Contacts and their trash (SPEC §2, FAQ 55). Trashing keeps everything: the
 * contact and its conversations are re-emitted so clients hide them, and
 * restoring re-emits them so they come back.
 */
import type { Contact, ContactAttributes, ContactAvatar } from '../../shared/domain.js';
import type { ContactPatch } from '../../shared/contact-patch.js';
import { AppError } from '../../shared/errors.js';
import { requireChannelAccess, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { ContactMerger, type ContactMergeResult } from './contact-merge.js';
import { onChannel, type WriteScope } from './writer.js';

/** Values are kept as typed, in the agent's order; keys trimmed (the schema refused empty ones). */
function trimmedAttributes(attributes: ContactAttributes): ContactAttributes {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key.trim(), value] as const));
}

export class ContactService {
  private readonly merger: ContactMerger;

  constructor(private readonly ctx: HubContext) {
    this.merger = new ContactMerger(ctx, async (scope, contact) => await this.save(scope, contact));
  }

  /** Merges the contact into the person of `intoContactId` (POST /api/contacts/:id/merge; contact-merge.ts). */
  async merge(actor: Actor, id: string, intoContactId: string): Promise<ContactMergeResult> {
    return await this.merger.merge(actor, id, intoContactId);
  }

  /** Undoes the contact's merge (POST /api/contacts/:id/unmerge; contact-merge.ts). */
  async unmerge(actor: Actor, id: string): Promise<ContactMergeResult> {
    return await this.merger.unmerge(actor, id);
  }

  async get(actor: Actor, id: string): Promise<Contact> {
    requirePermission(actor, 'view');
    const record = await this.ctx.store.contacts.findById(id);
    if (!record) throw new AppError('NOT_FOUND', 'No such contact.');
    await requireChannelAccess(this.ctx.store, actor, record.contact.channelId);
    return record.contact;
  }

  async trash(actor: Actor, id: string): Promise<Contact> {
    requirePermission(actor, 'delete');
    return await this.ctx.writer.write(async (scope) => {
      const contact = await this.get(actor, id);
      if (contact.deletedAt !== null) return contact;
      return await this.save(scope, { ...contact, deletedAt: this.ctx.now() });
    });
  }

  async restore(actor: Actor, id: string): Promise<Contact> {
    requirePermission(actor, 'delete');
    return await this.ctx.writer.write(async (scope) => {
      const contact = await this.get(actor, id);
      if (contact.deletedAt === null) return contact;
      return await this.save(scope, { ...contact, deletedAt: null });
    });
  }

  /**
   * An agent renames the contact, writes its notes, its email or its custom attributes (PATCH
   * /api/contacts/:id; the attributes are replaced as a whole). Needs `update` and a link to the contact's
   * channel. A name an agent sets is kept over provider profiles; an empty name gives
   * the contact back to its profile (the next refresh names it again).
   */
  async edit(actor: Actor, id: string, patch: ContactPatch): Promise<Contact> {
    requirePermission(actor, 'update');
    return await this.ctx.writer.write(async (scope) => {
      const contact = await this.get(actor, id);
      let next: Contact = { ...contact };
      if (patch.name !== undefined) {
        const name = patch.name.trim();
        next =
          name === ''
            ? { ...next, name: contact.identity.externalId, nameSetByAgent: false }
            : { ...next, name, nameSetByAgent: true };
      }
      if (patch.notes !== undefined) next = { ...next, notes: patch.notes };
      if (patch.email !== undefined) next = { ...next, email: patch.email };
      if (patch.attributes !== undefined) next = { ...next, attributes: trimmedAttributes(patch.attributes) };
      if (!next.nameSetByAgent) delete next.nameSetByAgent;
      if (!next.notes) delete next.notes;
      if (!next.email) delete next.email;
      if (next.attributes && Object.keys(next.attributes).length === 0) delete next.attributes;
      if (JSON.stringify(next) === JSON.stringify(contact)) return contact;
      return await this.save(scope, next);
    });
  }

  /**
   * The provider's profile arrived (ContactProfileFetcher): a name it gives replaces the one from the
   * webhook, unless an agent set the contact's name by hand. Returns the contact when it changed.
   */
  async applyProfile(id: string, name: string | null, language: string | null = null): Promise<Contact | null> {
    return await this.ctx.writer.write(async (scope) => {
      const found = (await this.ctx.store.contacts.findById(id))?.contact;
      if (!found) return null;
      await this.ctx.store.contacts.markProfileChecked(id, this.ctx.now());
      // The profile's language picks the auto-reply's text (services/auto-messages.ts).
      if (language) await this.ctx.store.contacts.setLanguage(id, language);
      const renamed = name !== null && !found.nameSetByAgent && found.name !== name;
      const relanguaged = language !== null && found.language !== language;
      if (!renamed && !relanguaged) return null;
      return await this.save(scope, { ...found, ...(renamed ? { name } : {}), ...(relanguaged ? { language } : {}) });
    });
  }

  /**
   * The contact's picture was downloaded (AvatarDownloader), or the provider no longer names one: keeps
   * it and sends every linked client the contact's new snapshot.
   */
  async applyAvatar(id: string, avatar: ContactAvatar | null, source: string | null): Promise<Contact | null> {
    return await this.ctx.writer.write(async (scope) => {
      const contact = (await this.ctx.store.contacts.findById(id))?.contact;
      if (!contact) return null;
      await this.ctx.store.contacts.setAvatar(id, avatar, source);
      if (JSON.stringify(contact.avatar ?? null) === JSON.stringify(avatar)) return null;
      const next: Contact = { ...contact, avatar };
      if (avatar === null) delete next.avatar;
      return await this.save(scope, next);
    });
  }

  /** The contact's picture for GET /api/contacts/:id/avatar: same access as reading the contact. */
  async avatarOf(actor: Actor, id: string): Promise<ContactAvatar> {
    const avatar = (await this.get(actor, id)).avatar;
    if (!avatar) throw new AppError('NO_AVATAR', 'This contact has no picture.');
    return avatar;
  }

  /** Stores a contact change and re-emits its conversations when its trash state changed. */
  async save(scope: WriteScope, contact: Contact): Promise<Contact> {
    const before = (await this.ctx.store.contacts.findById(contact.id))?.contact;
    await this.ctx.store.contacts.update(contact, this.ctx.now());
    scope.emit({ type: 'contact.upsert', contact }, onChannel(contact.channelId));
    if (before && before.deletedAt !== contact.deletedAt) {
      for (const conversation of await this.ctx.store.conversations.listOfContact(contact.id)) {
        scope.emit({ type: 'conversation.upsert', conversation }, onChannel(contact.channelId));
      }
    }
    return contact;
  }
}
