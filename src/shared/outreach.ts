/**
 * Writing first (docs/lifecycle.md, "Writing first"; POST /api/conversations): an agent starts a
 * conversation with a contact of the channel or, on WhatsApp, with a phone number. The first message is
 * a normal send (text or template) and follows the normal outbound path.
 */
import { z } from 'zod';
import { CHANNEL_RULES, sessionWindow } from './channel-rules.js';
import { Contact, Conversation, Id, Message, type Channel, type Template } from './domain.js';
import { templateCharge } from './template-charge.js';

/** The phone number as the agent typed it (the hub normalises it, phone-number.ts). */
export const TYPED_PHONE_MAX = 40;

export const OutreachTarget = z.union([
  z.object({ contactId: Id }).strict(),
  z.object({ phone: z.string().min(1).max(TYPED_PHONE_MAX) }).strict(),
]);
export type OutreachTarget = z.infer<typeof OutreachTarget>;

export const StartConversationRequest = z
  .object({
    /** UUIDv7 chosen by the client: a retry answers with the first result and sends nothing twice. */
    clientId: z.string().uuid(),
    channelId: Id,
    to: OutreachTarget,
    kind: z.enum(['text', 'template']),
    text: z.string().max(4096).nullable().default(null),
    template: z
      .object({ templateId: Id, params: z.array(z.string().max(1024)).max(32) })
      .nullable()
      .default(null),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'text' && !v.text?.trim())
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'text is required' });
    if (v.kind === 'template' && v.template === null)
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'template is required' });
  });
export type StartConversationRequest = z.input<typeof StartConversationRequest>;

export const StartConversationResult = z.object({
  conversation: Conversation,
  contact: Contact,
  message: Message,
  /** False when the contact's open conversation was used. */
  createdConversation: z.boolean(),
  /** False when the number or contact was already known on the channel. */
  createdContact: z.boolean(),
});
export type StartConversationResult = z.infer<typeof StartConversationResult>;

/** What writing first on a channel kind needs (the dialog offers only what the hub allows). */
export interface OutreachRules {
  /** A phone number may be typed: WhatsApp (Cloud and Twilio). */
  readonly byPhone: boolean;
  /** Only contacts who wrote to the channel before (Telegram, LINE, WeChat). */
  readonly onlyEarlierContacts: boolean;
}

export function outreachRules(kind: Channel['kind']): OutreachRules {
  const whatsapp = CHANNEL_RULES[kind].outsideWindow === 'templates-only';
  return { byPhone: whatsapp, onlyEarlierContacts: !whatsapp };
}

/**
 * What the first message costs in credits (business-initiated, by the template's category), for the
 * dialog: the same rule as the hub's charge (template-charge.ts), on the conversation it will go to —
 * the contact's open one, or a new one that has the customer's last message time and no paid
 * conversation yet (null: a customer never written to).
 */
export function outreachCost(
  channel: Pick<Channel, 'kind' | 'credits'>,
  template: Pick<Template, 'category'>,
  latest: Pick<Conversation, 'lastInboundAt' | 'lastChargedAt'> | null,
  now: number,
): number {
  if (!channel.credits) return 0;
  return templateCharge({
    kind: channel.kind,
    conversation: latest ?? { lastInboundAt: null, lastChargedAt: null },
    category: template.category,
    costs: channel.credits.costs,
    now,
  });
}

/** True when the first message must be a template (a WhatsApp customer outside the session window). */
export function outreachNeedsTemplate(
  kind: Channel['kind'],
  latest: Pick<Conversation, 'lastInboundAt'> | null,
  now: number,
): boolean {
  if (CHANNEL_RULES[kind].outsideWindow !== 'templates-only') return false;
  return !sessionWindow(kind, latest ?? { lastInboundAt: null }, now).isOpen;
}
