/**
 * Auto-convert (SPEC §3, FAQ 8, 28): with the channel setting on, each new
 * conversation gets a ticket whose number and subject template merge fields
 * can use.
 */
import type { Channel, Ticket } from '../../shared/domain.js';
import { clipText } from '../../shared/text.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { HubContext } from './context.js';

const SUBJECT_MAX = 200;

export class TicketService {
  constructor(private readonly ctx: HubContext) {}

  /** A ticket for a new conversation when the channel auto-converts, else null. */
  openFor(channel: Channel, contactName: string, firstText: string | null): Ticket | null {
    if (!channel.settings.autoConvert) return null;
    const firstLine = firstText?.split('\n')[0]?.trim() ?? '';
    const subject = clipText(firstLine || contactName || channel.name, SUBJECT_MAX);
    return this.ctx.store.tickets.create(uuidv7(), subject, this.ctx.now());
  }
}
