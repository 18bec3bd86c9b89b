/**
 * Delivery state changes of outbound messages. Receipts arrive out of order
 * (a late 'delivered' after 'read'), so a state only ever moves up
 * DELIVERY_RANK; 'failed' carries the code and the reason in words.
 */
import { DELIVERY_RANK, type DeliveryState, type Message } from '../../shared/domain.js';
import { describeError, isErrorCode } from '../../shared/errors.js';
import { cleanLine, clipText } from '../../shared/text.js';

export interface DeliveryUpdate {
  readonly state: Exclude<DeliveryState, 'received'>;
  readonly providerMessageId?: string | null | undefined;
  /** Further provider ids of the same message (Twilio: one SID per attachment). */
  readonly extraProviderMessageIds?: readonly string[] | undefined;
  readonly failureCode?: string | null | undefined;
  readonly failureReason?: string | null | undefined;
}

const REASON_MAX = 1000;

/** The message after the update, or null when nothing changes. */
export function applyDelivery(message: Message, update: DeliveryUpdate, now: number): Message | null {
  const providerMessageId = update.providerMessageId ?? message.providerMessageId;
  const upgrades = DELIVERY_RANK[update.state] > DELIVERY_RANK[message.state];
  if (!upgrades && providerMessageId === message.providerMessageId) return null;
  if (!upgrades) return { ...message, providerMessageId, updatedAt: now };
  const failed = update.state === 'failed';
  const code = failed ? (update.failureCode ?? 'PROVIDER_REJECTED') : null;
  return {
    ...message,
    providerMessageId,
    state: update.state,
    failureCode: code,
    failureReason: failed ? failureReasonOf(code, update.failureReason ?? null) : null,
    updatedAt: now,
  };
}

/** The agent-facing sentence for a code, followed by the provider's own words when given. */
export function failureReasonOf(code: string | null, providerReason: string | null): string {
  const base = code !== null && isErrorCode(code) ? describeError(code, 'en') : null;
  const parts = [base, providerReason === null ? null : cleanLine(providerReason)].filter(
    (p): p is string => p !== null && p !== '',
  );
  return clipText(parts.join(' — ') || describeError('PROVIDER_REJECTED', 'en'), REASON_MAX);
}
