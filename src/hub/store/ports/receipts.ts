import type { DeliveryState } from '../../../shared/domain.js';

export interface Receipt {
  readonly state: ReceiptState;
  readonly failureCode: string | null;
  readonly failureReason: string | null;
}

export interface MessagePart extends Receipt {
  readonly channelId: string;
  readonly providerMessageId: string;
  readonly messageId: string;
}

export interface EarlyReceipt extends Receipt {
  readonly channelId: string;
  readonly providerMessageId: string;
  readonly receivedAt: number;
}

export interface ReceiptRepository {
  /** Adds a part; an id already recorded keeps its row. */
  addPart(part: MessagePart): Promise<void>;
  updatePart(part: MessagePart): Promise<void>;
  findPart(channelId: string, providerMessageId: string): Promise<MessagePart | null>;
  partsOf(messageId: string): Promise<MessagePart[]>;
  keepEarly(receipt: EarlyReceipt): Promise<void>;
  /** Removes and returns the kept receipts for this provider id, oldest first. */
  takeEarly(channelId: string, providerMessageId: string): Promise<EarlyReceipt[]>;
  /** Drops receipts kept since before `before`; returns how many. */
  purgeEarly(before: number): Promise<number>;
}

export type ReceiptState = Exclude<DeliveryState, 'received' | 'queued'>;
