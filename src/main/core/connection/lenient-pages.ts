/**
 * Sync pages read item by item. A hub of another version, or one with a row
 * it could not repair, may send one event this client cannot parse; that one
 * is logged and left out (applying events is idempotent and a later
 * snapshot heals it), never failing the whole page — otherwise a freshly
 * signed-in client would never finish its first sync.
 */
import { z } from 'zod';
import { HubEvent, HubEventBody, LogId, SnapshotResult, SyncResult } from '../../../shared/protocol.js';
import type { Logger } from '../logger.js';

const SyncEnvelope = z.discriminatedUnion('reset', [
  z.object({
    reset: z.literal(false),
    events: z.array(z.unknown()),
    latestSeq: z.number().int().nonnegative(),
    hasMore: z.boolean(),
    logId: LogId.optional(),
  }),
  z.object({ reset: z.literal(true), latestSeq: z.number().int().nonnegative(), logId: LogId.optional() }),
]);
const SnapshotEnvelope = SnapshotResult.extend({ items: z.array(z.unknown()) });

/** Each item that parses, in order; the others are logged with their position and dropped. */
export function readableItems<S extends z.ZodType>(
  schema: S,
  raw: readonly unknown[],
  what: string,
  logger: Logger,
): z.infer<S>[] {
  const items: z.infer<S>[] = [];
  raw.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else
      logger.warn(
        { what, index, issues: parsed.error.issues.slice(0, 3) },
        'hub sent an item this client cannot read; skipped',
      );
  });
  return items;
}

export function readSyncPage(raw: unknown, logger: Logger): SyncResult | null {
  const page = SyncEnvelope.safeParse(raw);
  if (!page.success) return null;
  if (page.data.reset) return page.data;
  return { ...page.data, events: readableItems(HubEvent, page.data.events, 'sync event', logger) };
}

export function readSnapshotPage(raw: unknown, logger: Logger): SnapshotResult | null {
  const page = SnapshotEnvelope.safeParse(raw);
  if (!page.success) return null;
  return { ...page.data, items: readableItems(HubEventBody, page.data.items, 'snapshot item', logger) };
}
