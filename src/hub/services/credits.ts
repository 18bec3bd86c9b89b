/**
 * WhatsApp credits (SPEC §7, FAQ 23, 24, 45, 46): a balance per WhatsApp
 * channel, shown to everyone through Channel.credits, spent when a
 * business-initiated (template) conversation is opened; buying is refused
 * while a cancellation is scheduled.
 */
import { z } from 'zod';
import type { Channel, Credits, TemplateCategory } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { TopUpRequest } from '../../shared/protocol.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { CreditEntry } from '../store/credits.js';
import { requireAdmin, type Actor } from './actor.js';
import type { ChannelService } from './channels.js';
import type { HubContext } from './context.js';
import type { WriteScope } from './writer.js';

/** Credits per business-initiated conversation; marketing costs most, as in Meta's pricing. */
const CONVERSATION_CREDIT_COST: Readonly<Record<TemplateCategory, number>> = {
  marketing: 3,
  utility: 1,
  authentication: 1,
};

export const CancellationRequest = z.object({ scheduled: z.boolean() });
const LEDGER_PAGE = 100;

export class CreditService {
  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
  ) {}

  private charged(channelId: string): { channel: Channel; credits: Credits } {
    const channel = this.ctx.store.channels.findById(channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    if (!channel.credits) throw new AppError('VALIDATION_FAILED', `${channel.kind} channels have no credits`);
    return { channel, credits: channel.credits };
  }

  /** Throws CREDITS_EXHAUSTED when the balance does not cover a conversation of this category. */
  requireBalance(channelId: string, category: TemplateCategory): number {
    const { credits } = this.charged(channelId);
    const cost = CONVERSATION_CREDIT_COST[category];
    if (credits.balance < cost) throw new AppError('CREDITS_EXHAUSTED', undefined, { balance: credits.balance, cost });
    return cost;
  }

  /** Spends inside the caller's write; emits the channel so every agent sees the new balance. */
  spendCredits(scope: WriteScope, channelId: string, category: TemplateCategory, conversationId: string): Credits {
    const cost = this.requireBalance(channelId, category);
    return this.apply(scope, channelId, -cost, `conversation:${category}`, conversationId);
  }

  topUp(actor: Actor, channelId: string, raw: unknown): Credits {
    requireAdmin(actor);
    const { amount } = parseOrThrow(TopUpRequest, raw);
    return this.ctx.writer.write((scope) => {
      if (this.charged(channelId).credits.cancellationScheduled) throw new AppError('CANCELLATION_SCHEDULED');
      return this.apply(scope, channelId, amount, 'top-up', null);
    });
  }

  setCancellation(actor: Actor, channelId: string, raw: unknown): Credits {
    requireAdmin(actor);
    const { scheduled } = parseOrThrow(CancellationRequest, raw);
    return this.ctx.writer.write((scope) => {
      const { credits } = this.charged(channelId);
      const next = { ...credits, cancellationScheduled: scheduled, updatedAt: this.ctx.now() };
      this.ctx.store.channels.setCredits(channelId, next);
      this.channels.emitChannel(scope, channelId);
      return next;
    });
  }

  ledger(actor: Actor, channelId: string): CreditEntry[] {
    requireAdmin(actor);
    this.charged(channelId);
    return this.ctx.store.credits.list(channelId, LEDGER_PAGE);
  }

  private apply(
    scope: WriteScope,
    channelId: string,
    delta: number,
    reason: string,
    conversationId: string | null,
  ): Credits {
    const { credits } = this.charged(channelId);
    const now = this.ctx.now();
    const next = { ...credits, balance: credits.balance + delta, updatedAt: now };
    this.ctx.store.channels.setCredits(channelId, next);
    this.ctx.store.credits.append({ id: uuidv7(), channelId, delta, reason, conversationId, createdAt: now });
    this.channels.emitChannel(scope, channelId);
    return next;
  }
}
