import type { CreditEntryKind, CreditEntry as CreditEntryView } from '../../../shared/admin/credits-trash.js';

export interface CreditEntry {
  readonly id: string;
  readonly channelId: string;
  /** Positive for a top-up, negative for a spend. */
  readonly delta: number;
  readonly reason: string;
  readonly conversationId: string | null;
  /** The template message a spend or refund was for. */
  readonly messageId: string | null;
  /** The admin who bought a top-up; null for what the hub did itself. */
  readonly agentId: string | null;
  readonly createdAt: number;
}

/** Filters of a ledger page; `after` is the last entry of the previous page (newest first). */
export interface LedgerPageQuery {
  readonly kind: CreditEntryKind | null;
  readonly from: number | null;
  readonly to: number | null;
  readonly conversationId: string | null;
  readonly after: { readonly createdAt: number; readonly id: string } | null;
  readonly limit: number;
}

export interface CreditLedgerRepository {
  append(entry: CreditEntry): Promise<void>;
  /** One page of the channel's ledger, newest first, with the contact name of each conversation. */
  page(channelId: string, query: LedgerPageQuery): Promise<CreditEntryView[]>;
  /** Spends for this conversation since `since` that were not refunded, newest first. */
  chargesSince(conversationId: string, since: number): Promise<CreditEntry[]>;
  /** The spend for this message, if it was charged and not refunded yet. */
  unrefundedChargeOf(messageId: string): Promise<CreditEntry | null>;
}
