/**
 * WhatsApp credits (SPEC §7, FAQ 23, 24, 45, 46): a balance per WhatsApp
 * channel, shown to everyone through Channel.credits (with the cost table),
 * spent once when a business-initiated (template) conversation is opened —
 * Meta charges per 24 h conversation, not per template, so more templates
 * inside a paid window cost nothing — and refunded when the provider fails
 * the template before anything was delivered. Buying is refused while a
 * cancellation is scheduled. An admin may set a low-balance warning per
 * channel; it travels with the balance (Credits.lowBalanceThreshold).
 */
import { z } from 'zod';
import { LedgerQuery, ThresholdRequest, type LedgerPage } from '../../shared/admin/credits-trash.js';
import { CHANNEL_RULES } from '../../shared/channel-rules.js';
import type { Channel, Conversation, Credits, Message, TemplateCategory } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { TopUpRequest } from '../../shared/protocol.js';
import { templateCharge } from '../../shared/template-charge.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { requireAdmin, requireChannelAccess, type Actor } from './actor.js';
import type { ChannelService } from './channels.js';
import type { HubContext } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { onChannel, type WriteScope } from './writer.js';

export const CancellationRequest = z.object({ scheduled: z.boolean() });
const LedgerCursor = z.object({ at: z.number().int(), id: z.string() });

export class CreditService {
  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
  ) {}

  private async charged(channelId: string): Promise<{ channel: Channel; credits: Credits }> {
    const channel = await this.ctx.store.channels.findById(channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    if (!channel.credits) throw new AppError('VALIDATION_FAILED', `${channel.kind} channels have no credits`);
    return { channel, credits: channel.credits };
  }

  /**
   * What sending a template of this category to the conversation costs now, by the rule the composer
   * shows too (template-charge.ts: outside the session window, unless charged within 24 h); throws
   * CREDITS_EXHAUSTED when it costs more than the balance (not only when the balance is 0).
   */
  async requireCharge(channel: Channel, category: TemplateCategory, conversation: Conversation): Promise<number> {
    if (!CHANNEL_RULES[channel.kind].chargesCredits) return 0;
    const { credits } = await this.charged(channel.id);
    const cost = templateCharge({
      kind: channel.kind,
      conversation,
      category,
      costs: credits.costs,
      now: this.ctx.now(),
    });
    if (cost > credits.balance) throw new AppError('CREDITS_EXHAUSTED', undefined, { balance: credits.balance, cost });
    return cost;
  }

  /** Spends inside the caller's write (unless the template is free); emits the channel's new balance. */
  async spendCredits(
    scope: WriteScope,
    channelId: string,
    category: TemplateCategory,
    conversationId: string,
    messageId: string,
  ): Promise<Credits | null> {
    const channel = await this.ctx.store.channels.findById(channelId);
    const conversation = (await this.ctx.store.conversations.findById(conversationId))?.conversation;
    if (!channel || !conversation) throw new AppError('NOT_FOUND', 'No such conversation.');
    const cost = await this.requireCharge(channel, category, conversation);
    if (cost === 0) return null;
    return await this.apply(scope, channelId, -cost, `conversation:${category}`, { conversationId, messageId });
  }

  /** Gives back what a template cost when the provider failed it before delivery; once per message. */
  async refundFailed(scope: WriteScope, channelId: string, message: Message): Promise<Credits | null> {
    const charge = await this.ctx.store.credits.unrefundedChargeOf(message.id);
    if (!charge) return null;
    this.ctx.log.info({ channelId, messageId: message.id, amount: -charge.delta }, 'credits refunded');
    const credits = await this.apply(scope, channelId, -charge.delta, 'refund', {
      conversationId: charge.conversationId,
      messageId: message.id,
    });
    // Its lastChargedAt moved back (the refunded charge no longer opens a paid conversation): clients hear it.
    const record =
      charge.conversationId === null ? null : await this.ctx.store.conversations.findById(charge.conversationId);
    if (record) scope.emit({ type: 'conversation.upsert', conversation: record.conversation }, onChannel(channelId));
    return credits;
  }

  async topUp(actor: Actor, channelId: string, raw: unknown): Promise<Credits> {
    requireAdmin(actor);
    const { amount } = parseOrThrow(TopUpRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      if ((await this.charged(channelId)).credits.cancellationScheduled) throw new AppError('CANCELLATION_SCHEDULED');
      return await this.apply(scope, channelId, amount, 'top-up', { agentId: actor.agent.id });
    });
  }

  async setCancellation(actor: Actor, channelId: string, raw: unknown): Promise<Credits> {
    requireAdmin(actor);
    const { scheduled } = parseOrThrow(CancellationRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      const { credits } = await this.charged(channelId);
      const next = { ...credits, cancellationScheduled: scheduled, updatedAt: this.ctx.now() };
      await this.ctx.store.channels.setCredits(channelId, next);
      await this.channels.emitChannel(scope, channelId);
      return next;
    });
  }

  /** The balance at or below which the channel's credits are shown as low (null: no warning). */
  async setThreshold(actor: Actor, channelId: string, raw: unknown): Promise<Credits> {
    requireAdmin(actor);
    const { threshold } = parseOrThrow(ThresholdRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      const { credits } = await this.charged(channelId);
      const next = { ...credits, lowBalanceThreshold: threshold, updatedAt: this.ctx.now() };
      await this.ctx.store.channels.setCredits(channelId, next);
      await this.channels.emitChannel(scope, channelId);
      return next;
    });
  }

  /** Admins and the agents linked to the channel may see where its credits went, a page at a time. */
  async ledger(actor: Actor, channelId: string, raw: unknown): Promise<LedgerPage> {
    await requireChannelAccess(this.ctx.store, actor, channelId);
    await this.charged(channelId);
    const query = parseOrThrow(LedgerQuery, raw);
    const after = query.cursor === undefined ? null : decodeCursor(LedgerCursor, query.cursor);
    const items = await this.ctx.store.credits.page(channelId, {
      kind: query.kind ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      conversationId: query.conversationId ?? null,
      after: after === null ? null : { createdAt: after.at, id: after.id },
      limit: query.limit + 1,
    });
    const page = items.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      items.length > query.limit && last !== undefined ? encodeCursor({ at: last.createdAt, id: last.id }) : null;
    return { items: page, nextCursor };
  }

  private async apply(
    scope: WriteScope,
    channelId: string,
    delta: number,
    reason: string,
    refs: { conversationId?: string | null; messageId?: string | null; agentId?: string },
  ): Promise<Credits> {
    const { credits } = await this.charged(channelId);
    const now = this.ctx.now();
    const next = { ...credits, balance: credits.balance + delta, updatedAt: now };
    await this.ctx.store.channels.setCredits(channelId, next);
    await this.ctx.store.credits.append({
      id: uuidv7(),
      channelId,
      delta,
      reason,
      conversationId: refs.conversationId ?? null,
      messageId: refs.messageId ?? null,
      agentId: refs.agentId ?? null,
      createdAt: now,
    });
    await this.channels.emitChannel(scope, channelId);
    return next;
  }
}
