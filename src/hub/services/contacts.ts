/**
 * Contacts and their trash (SPEC §2, FAQ 55). Trashing keeps everything: the
 * contact and its conversations are re-emitted so clients hide them, and
 * restoring re-emits them so they come back.
 */
import type { Contact } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { requireChannelAccess, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { onChannel, type WriteScope } from './writer.js';

export class ContactService {
  constructor(private readonly ctx: HubContext) {}

  get(actor: Actor, id: string): Contact {
    requirePermission(actor, 'view');
    const record = this.ctx.store.contacts.findById(id);
    if (!record) throw new AppError('NOT_FOUND', 'No such contact.');
    requireChannelAccess(this.ctx.store, actor, record.contact.channelId);
    return record.contact;
  }

  trash(actor: Actor, id: string): Contact {
    requirePermission(actor, 'delete');
    return this.ctx.writer.write((scope) => {
      const contact = this.get(actor, id);
      if (contact.deletedAt !== null) return contact;
      return this.save(scope, { ...contact, deletedAt: this.ctx.now() });
    });
  }

  restore(actor: Actor, id: string): Contact {
    requirePermission(actor, 'delete');
    return this.ctx.writer.write((scope) => {
      const contact = this.get(actor, id);
      if (contact.deletedAt === null) return contact;
      return this.save(scope, { ...contact, deletedAt: null });
    });
  }

  /** Stores a contact change and re-emits its conversations when its trash state changed. */
  save(scope: WriteScope, contact: Contact): Contact {
    const before = this.ctx.store.contacts.findById(contact.id)?.contact;
    this.ctx.store.contacts.update(contact, this.ctx.now());
    scope.emit({ type: 'contact.upsert', contact }, onChannel(contact.channelId));
    if (before && before.deletedAt !== contact.deletedAt) {
      for (const conversation of this.ctx.store.conversations.listOfContact(contact.id)) {
        scope.emit({ type: 'conversation.upsert', conversation }, onChannel(contact.channelId));
      }
    }
    return contact;
  }
}
