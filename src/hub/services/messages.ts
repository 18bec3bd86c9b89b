/**
 * message.send: authorisation, the channel's rules (session window, attachment
 * types and sizes, templates, credits), exactly-once by client id, then the
 * hand-over to the OutboundDispatcher. A message refused by a rule is stored
 * as failed with the code and reason (so the agent sees why) and the command
 * fails with the same error; a malformed or unauthorised request stores nothing.
 */
import { mapAsync } from '../../node-shared/async-list.js';
import {
  CHANNEL_RULES,
  checkAttachment,
  mediaClassOf,
  sessionWindow,
  type MediaClass,
} from '../../shared/channel-rules.js';
import type { Attachment, Channel, Contact, Conversation, Message, MessageKind } from '../../shared/domain.js';
import { AppError, parseOrThrow, type ErrorCode } from '../../shared/errors.js';
import { SendMessageRequest } from '../../shared/protocol.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { requireChannelAccess, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import type { ConversationService } from './conversations.js';
import type { CreditService } from './credits.js';
import type { OutboundDispatcher } from './outbound-port.js';
import { previewOf } from './preview.js';
import { mergeTemplate } from './template-merge.js';
import { onChannel } from './writer.js';
import { BY_SYSTEM, byAgent } from './activity.js';
import { FOR_UPDATE, type ConversationRecord } from '../store/ports/conversations.js';

/** Rule refusals: stored as a failed message so the reason shows in the conversation. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SESSION_WINDOW_CLOSED',
  'SESSION_WINDOW_CLOSED_NO_SEND',
  'ATTACHMENT_TYPE_NOT_ALLOWED',
  'ATTACHMENT_TOO_LARGE',
  'TEMPLATE_TOO_LONG',
  'TEMPLATE_PARAMS_MISSING',
  'TEMPLATE_NOT_APPROVED',
  'TICKET_REQUIRED',
  'CREDITS_EXHAUSTED',
]);

const MESSAGE_KIND_OF_MEDIA: Readonly<Record<MediaClass, MessageKind>> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  document: 'document',
};

interface Target {
  readonly record: ConversationRecord;
  readonly channel: Channel;
  readonly contact: Contact;
}

interface Plan {
  readonly message: Message;
  /** Credits to spend for a business-initiated conversation (template outside the window). */
  readonly spend: { readonly category: 'marketing' | 'utility' | 'authentication' } | null;
}

export class MessageService {
  constructor(
    private readonly ctx: HubContext,
    private readonly conversations: ConversationService,
    private readonly credits: CreditService,
    private readonly dispatcher: () => OutboundDispatcher,
  ) {}

  async send(actor: Actor, raw: unknown): Promise<Message> {
    const req = parseOrThrow(SendMessageRequest, raw);
    requirePermission(actor, 'create');
    const existing = await this.ctx.store.messages.findByClientId(req.clientId);
    if (existing) {
      await requireChannelAccess(this.ctx.store, actor, existing.channelId);
      return existing.message;
    }
    const target = await this.target(actor, req.conversationId);
    const message = await this.draft(actor, req, target);
    let plan: Plan;
    try {
      plan = await this.plan(actor, req, target, message);
    } catch (error) {
      if (error instanceof AppError && REFUSALS.has(error.code)) throw await this.storeRefusal(target, message, error);
      throw error;
    }
    await this.store(target, plan, req.replyToMessageId);
    if (plan.message.state === 'queued') this.dispatch(plan.message.id);
    return plan.message;
  }

  /**
   * An automatic message (auto-reply, greeting: services/auto-messages.ts), stored inside the caller's write
   * like an agent's reply — no sender, `meta.automatic` — and queued. The caller hands its id to
   * `dispatchQueued` once that write has committed, never before (a rollback must not have sent anything).
   */
  async storeAutomatic(
    conversationId: string,
    text: string,
    automatic: 'autoReply' | 'greeting',
    at: number,
  ): Promise<Message> {
    const record = await this.ctx.store.conversations.findById(conversationId);
    const channel = record ? await this.ctx.store.channels.findById(record.conversation.channelId) : null;
    const contact = record
      ? (await this.ctx.store.contacts.findById(record.conversation.contactId))?.contact
      : undefined;
    if (!record || !channel || !contact) throw new AppError('NOT_FOUND', 'No such conversation.');
    const message: Message = {
      id: uuidv7(),
      conversationId,
      direction: 'out',
      kind: 'text',
      text,
      attachments: [],
      meta: { automatic },
      providerMessageId: null,
      clientId: null,
      senderAgentId: null,
      state: 'queued',
      failureCode: null,
      failureReason: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.store({ record, channel, contact }, { message, spend: null }, null);
    return message;
  }

  /** Hands queued messages stored by a committed write to the dispatcher (storeAutomatic). */
  dispatchQueued(messageIds: readonly string[]): void {
    for (const id of messageIds) this.dispatch(id);
  }

  private async target(actor: Actor, conversationId: string): Promise<Target> {
    const record = await this.conversations.readable(actor, conversationId);
    const channel = await this.ctx.store.channels.findById(record.conversation.channelId);
    const contact = (await this.ctx.store.contacts.findById(record.conversation.contactId))?.contact;
    if (!channel || !contact) throw new AppError('NOT_FOUND', 'No such conversation.');
    return { record, channel, contact };
  }

  /** The message as the agent wrote it, before the rules are applied. */
  private async draft(actor: Actor, req: SendMessageRequest, target: Target): Promise<Message> {
    const now = this.ctx.now();
    const attachments = await mapAsync(req.attachments, async ({ mediaId }): Promise<Attachment> => {
      const upload = await this.ctx.store.attachments.findUpload(mediaId);
      // An upload is its uploader's until used: someone else's is refused exactly like one that does not exist.
      if (!upload || upload.agentId !== actor.agent.id) {
        throw new AppError('NOT_FOUND', `attachments: no media ${mediaId} of yours`);
      }
      return {
        id: uuidv7(),
        mimeType: upload.mimeType,
        fileName: upload.fileName,
        size: upload.size,
        sha256: upload.sha256,
        status: 'ready',
        error: null,
      };
    });
    const first = attachments[0];
    const kind: MessageKind =
      req.kind !== 'attachment' ? req.kind : first ? MESSAGE_KIND_OF_MEDIA[mediaClassOf(first.mimeType)] : 'document';
    const replyTo = req.replyToMessageId === null ? null : await this.ctx.store.messages.findById(req.replyToMessageId);
    if (req.replyToMessageId !== null && replyTo?.message.conversationId !== target.record.conversation.id) {
      throw new AppError('VALIDATION_FAILED', 'replyToMessageId: not a message of this conversation');
    }
    const replyToProviderMessageId = replyTo?.message.providerMessageId ?? undefined;
    return {
      id: uuidv7(),
      conversationId: target.record.conversation.id,
      direction: 'out',
      kind,
      text: req.text,
      attachments,
      meta: replyToProviderMessageId === undefined ? {} : { replyToProviderMessageId },
      providerMessageId: null,
      clientId: req.clientId,
      senderAgentId: actor.agent.id,
      state: req.kind === 'note' ? 'sent' : 'queued',
      failureCode: null,
      failureReason: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Applies the channel's rules; throws a refusal code when the message may not go out. */
  private async plan(actor: Actor, req: SendMessageRequest, target: Target, message: Message): Promise<Plan> {
    if (req.kind === 'note') return { message, spend: null };
    const { channel, record, contact } = target;
    const rules = CHANNEL_RULES[channel.kind];
    for (const a of message.attachments) {
      const check = checkAttachment(channel.kind, a.fileName ?? '', a.size ?? 0);
      if (!check.ok) throw new AppError(check.code, undefined, { fileName: a.fileName, limitBytes: check.limitBytes });
    }
    const window = sessionWindow(channel.kind, record.conversation, this.ctx.now());
    if (!window.isOpen && window.outsideWindow === 'nothing') throw new AppError('SESSION_WINDOW_CLOSED_NO_SEND');
    if (!window.isOpen && req.kind !== 'template') throw new AppError('SESSION_WINDOW_CLOSED');
    if (req.kind !== 'template' || req.template === null) return { message, spend: null };
    if (!rules.supportsTemplates) throw new AppError('VALIDATION_FAILED', `template: ${channel.kind} has no templates`);
    const template = await this.ctx.store.templates.findById(req.template.templateId);
    if (!template || template.channelId !== channel.id) {
      throw new AppError('VALIDATION_FAILED', 'template.templateId: no such template on this channel');
    }
    if (template.status !== 'approved') throw new AppError('TEMPLATE_NOT_APPROVED');
    const merged = mergeTemplate(template, req.template.params, {
      contact,
      conversation: record.conversation,
      channel,
      agentName: actor.agent.name,
    });
    const charged = (await this.credits.requireCharge(channel, template.category, record.conversation)) > 0;
    return {
      message: {
        ...message,
        text: merged.renderedBody,
        meta: { ...message.meta, template: { templateId: template.id, name: template.name, params: merged.params } },
      },
      spend: charged ? { category: template.category } : null,
    };
  }

  private async store(target: Target, plan: Plan, replyToMessageId: string | null): Promise<void> {
    const { message } = plan;
    const channelId = target.channel.id;
    await this.ctx.writer.write(async (scope) => {
      await this.ctx.store.messages.insert({ message, channelId, replyToMessageId });
      for (const [position, attachment] of message.attachments.entries())
        await this.ctx.store.attachments.insert(
          { attachment, messageId: message.id, position, providerRef: null, attempts: 0 },
          message.createdAt,
        );
      if (plan.spend) {
        await this.credits.spendCredits(
          scope,
          channelId,
          plan.spend.category,
          target.record.conversation.id,
          message.id,
        );
      }
      scope.emit({ type: 'message.upsert', message }, onChannel(channelId));
      if (message.kind === 'note') return;
      const current =
        (await this.ctx.store.conversations.findById(message.conversationId, FOR_UPDATE)) ?? target.record;
      const assigneeId = await this.assigneeAfterReply(current.conversation, message.senderAgentId);
      await this.conversations.save(
        scope,
        {
          ...current,
          conversation: {
            ...current.conversation,
            assigneeId,
            lastMessageAt: Math.max(current.conversation.lastMessageAt, message.createdAt),
            ...previewOf(message.kind, message.text, message.meta),
          },
        },
        message.senderAgentId === null ? BY_SYSTEM : byAgent(message.senderAgentId),
      );
    });
  }

  /**
   * A reply (never a private note) to an unassigned conversation assigns it to the replier, as the team
   * setting `assignOnReply` says (on by default), when the replier may be assigned (assignee-rule.ts).
   */
  private async assigneeAfterReply(conversation: Conversation, senderAgentId: string | null): Promise<string | null> {
    if (conversation.assigneeId !== null || senderAgentId === null) return conversation.assigneeId;
    if (!(await this.ctx.store.teamSettings.get()).assignOnReply) return null;
    return (await this.conversations.mayBeAssigned(senderAgentId, conversation.channelId)) ? senderAgentId : null;
  }

  private async storeRefusal(target: Target, draft: Message, refusal: AppError): Promise<AppError> {
    const message: Message = { ...draft, state: 'failed', failureCode: refusal.code, failureReason: refusal.message };
    await this.ctx.writer.write(async (scope) => {
      await this.ctx.store.messages.insert({ message, channelId: target.channel.id, replyToMessageId: null });
      for (const [position, attachment] of message.attachments.entries())
        await this.ctx.store.attachments.insert(
          { attachment, messageId: message.id, position, providerRef: null, attempts: 0 },
          message.createdAt,
        );
      scope.emit({ type: 'message.upsert', message }, onChannel(target.channel.id));
    });
    return new AppError(refusal.code, refusal.message, { message });
  }

  private dispatch(messageId: string): void {
    try {
      this.dispatcher().dispatch(messageId);
    } catch (error) {
      this.ctx.log.error({ err: error, messageId }, 'dispatcher threw; the message stays queued');
    }
  }
}
