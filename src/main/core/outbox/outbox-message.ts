/** Shows an outbox row as a message of the conversation, with its local state. */
import type { ClientMessage } from '../../../shared/api.js';
import {
  CHANNEL_RULES,
  mediaClassOf,
  renderTemplate,
  sessionWindow,
  WINDOW_WARNING_MS,
} from '../../../shared/channel-rules.js';
import type { ChannelKind, Conversation, MessageKind, Template } from '../../../shared/domain.js';
import type { OutboxEntry } from './outbox-store.js';

export interface OutboxViewContext {
  readonly me: string;
  readonly channelKind: ChannelKind | null;
  readonly conversation: Conversation | null;
  readonly template: Template | null;
  readonly now: number;
  readonly online: boolean;
}

/**
 * A free-form reply still waiting will arrive after the session window closes:
 * the window is closed already, or closes soon while we cannot send.
 */
export function windowWillClose(entry: OutboxEntry, ctx: OutboxViewContext): boolean {
  if (entry.kind !== 'text' && entry.kind !== 'attachment') return false;
  if (entry.state === 'failed' || heldForWindow(entry)) return false;
  if (ctx.channelKind === null || ctx.conversation === null) return false;
  const window = sessionWindow(ctx.channelKind, ctx.conversation, ctx.now);
  if (!window.applies) return false;
  if (!window.isOpen) return true;
  return !ctx.online && (window.msLeft ?? 0) <= WINDOW_WARNING_MS;
}

/** Held because the customer's session window closed before it could go (hold-check.ts). */
export function heldForWindow(entry: OutboxEntry): boolean {
  return (
    entry.state === 'held' &&
    (entry.reasonCode === 'SESSION_WINDOW_CLOSED' || entry.reasonCode === 'SESSION_WINDOW_CLOSED_NO_SEND')
  );
}

/**
 * What a reply held for the window can still become: sent as it is once the channel allows it again
 * (the customer wrote, so the window is open), or a template carrying its text (channels with templates).
 */
function windowActions(
  entry: OutboxEntry,
  ctx: OutboxViewContext,
): { canSendAnyway: boolean; canSendAsTemplate: boolean } {
  if (!heldForWindow(entry) || ctx.channelKind === null || ctx.conversation === null) {
    return { canSendAnyway: false, canSendAsTemplate: false };
  }
  return {
    canSendAnyway: sessionWindow(ctx.channelKind, ctx.conversation, ctx.now).isOpen,
    canSendAsTemplate: CHANNEL_RULES[ctx.channelKind].supportsTemplates && entry.kind === 'text',
  };
}

function messageKind(entry: OutboxEntry): MessageKind {
  if (entry.kind !== 'attachment') return entry.kind;
  const first = entry.files[0];
  if (!first) return 'document';
  const cls = mediaClassOf(first.mimeType);
  return cls === 'image' ? 'image' : cls === 'video' ? 'video' : cls === 'audio' ? 'audio' : 'document';
}

export function outboxMessage(entry: OutboxEntry, ctx: OutboxViewContext): ClientMessage {
  const rendered = entry.template && ctx.template ? renderTemplate(ctx.template.body, entry.template.params) : null;
  return {
    id: entry.clientId,
    conversationId: entry.conversationId,
    direction: 'out',
    kind: messageKind(entry),
    text: rendered ?? entry.text,
    attachments: entry.files.map((file, i) => ({
      id: `${entry.clientId}-${i}`,
      mimeType: file.mimeType,
      fileName: file.fileName,
      size: file.size,
      sha256: null,
      status: 'pending',
      error: null,
    })),
    meta:
      entry.template && ctx.template
        ? { template: { templateId: ctx.template.id, name: ctx.template.name, params: [...entry.template.params] } }
        : {},
    providerMessageId: null,
    clientId: entry.clientId,
    senderAgentId: ctx.me,
    state: entry.state === 'failed' ? 'failed' : 'queued',
    failureCode: entry.state === 'failed' ? entry.reasonCode : null,
    failureReason: entry.state === 'failed' ? entry.reason : null,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    outbox: {
      state: entry.state,
      reasonCode: entry.reasonCode,
      reason: entry.reason,
      windowWillClose: windowWillClose(entry, ctx),
      ...windowActions(entry, ctx),
    },
  };
}
