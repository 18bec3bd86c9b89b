/**
 * Provider batches are read entry by entry. WhatsApp and LINE put many
 * messages in one signed body; one entry a careless provider (or a new
 * provider feature) shaped differently must not cost the customer the others.
 * An entry that cannot be read becomes an 'unsupported' message when we can
 * still tell who sent it and its id (the agent sees that something arrived),
 * else it is skipped and reported.
 */
import { z } from 'zod';
import type { MessageMeta } from '../../shared/domain.js';
import { describeIssues } from '../../shared/conform.js';
import { AppError } from '../../shared/errors.js';
import type { InboundEvent, SkippedEntry } from './types.js';

export interface BatchResult {
  readonly events: InboundEvent[];
  readonly skipped: SkippedEntry[];
}

/** The little a placeholder needs: who sent it, its id, and what it claimed to be. */
export interface Identified {
  readonly providerMessageId: string;
  readonly senderId: string;
  readonly threadKey: string | null;
  readonly providerType: string;
  readonly at: number;
}

function reasonOf(error: unknown): string {
  if (error instanceof z.ZodError) return describeIssues(error);
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A message we could not read, kept so the conversation shows that the customer sent something. */
export function unreadableMessage(entry: Identified, reason: string): InboundEvent {
  const meta: MessageMeta = {
    providerType: entry.providerType.slice(0, 64),
    event: { name: 'unreadable', detail: reason.slice(0, 1000) },
  };
  return {
    type: 'message',
    providerMessageId: entry.providerMessageId,
    sender: { externalId: entry.senderId, name: null, phone: null, username: null },
    threadKey: entry.threadKey,
    kind: 'unsupported',
    text: null,
    media: [],
    meta,
    at: entry.at,
    replyToken: null,
  };
}

/**
 * Reads each entry with `read`; an entry that throws becomes `identify(entry)`'s placeholder when it
 * names its sender and id, else a skipped entry at `path.index`.
 */
export function readBatch(
  entries: readonly unknown[],
  path: string,
  read: (entry: unknown) => readonly InboundEvent[],
  identify: (entry: unknown) => Identified | null,
  into: BatchResult,
): void {
  entries.forEach((entry, index) => {
    try {
      into.events.push(...read(entry));
    } catch (error) {
      const reason = reasonOf(error);
      const known = identify(entry);
      if (known) into.events.push(unreadableMessage(known, reason));
      else into.skipped.push({ path: `${path}.${index}`, reason });
    }
  });
}

/** A string field of an unparsed entry, when it is one. */
export function stringField(entry: unknown, ...path: string[]): string | null {
  let value: unknown = entry;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return null;
    value = Reflect.get(value, key);
  }
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The parsed webhook; a body none of whose entries could be read is refused (400), as a malformed body. */
export function finishBatch(batch: BatchResult, provider: string): BatchResult {
  if (batch.events.length === 0 && batch.skipped.length > 0) {
    const first = batch.skipped[0];
    throw new AppError(
      'VALIDATION_FAILED',
      `${provider} webhook: no entry could be read (${first?.path}: ${first?.reason})`,
    );
  }
  return batch;
}
