/**
 * Inbox query: the first page (50 rows) of the inbox, filtered and sorted by
 * last activity, read the way the renderer reads it (ConversationReader.list,
 * behind listConversations: rows with contact, channel, assignee, unread and
 * session window, plus the total for the scroll bar) over 100,000
 * conversations. No baseline: the target is absolute.
 */
import type { ConversationQuery } from '../../src/shared/api.js';
import { ClientCache } from '../../src/main/core/cache/client-cache.js';
import type { BigCache } from '../data/big-cache.js';
import { VIP_LABEL } from '../data/corpus.js';
import { NO_BASELINE, type FigureOutcome } from '../figure.js';
import { fmtInt, fmtMs, percentile, sampleSync } from '../measure.js';
import type { BenchSizes } from '../sizes.js';

const TARGET_P99_MS = 5;
const PAGE = 50;

function inboxQueries(big: BigCache): { label: string; query: ConversationQuery }[] {
  const channel = big.corpus.channels[1]?.id ?? '';
  return [
    { label: 'all, newest first', query: { view: 'all', limit: PAGE } },
    { label: 'mine, open', query: { view: 'mine', status: 'open', limit: PAGE } },
    { label: 'unassigned, open', query: { view: 'unassigned', status: 'open', limit: PAGE } },
    { label: 'one channel, pending', query: { view: 'all', channelId: channel, status: 'pending', limit: PAGE } },
    { label: `label "${VIP_LABEL}"`, query: { view: 'all', label: VIP_LABEL, limit: PAGE } },
  ];
}

interface QueryTimes {
  /** Each run right after a write to the cache (a live event): the total is counted again. */
  readonly changed: number[];
  /** Runs with nothing written in between (scrolling, re-renders): the total is remembered. */
  readonly steady: number[];
  readonly notes: string[];
}

function timeQueries(cache: ClientCache, big: BigCache, runs: number): QueryTimes {
  const now = Date.now();
  const out: QueryTimes = { changed: [], steady: [], notes: [] };
  for (const { label, query } of inboxQueries(big)) {
    let total = 0;
    const read = (): void => {
      const list = cache.conversations.list(query, now);
      if (list.rows.length === 0) throw new Error(`inbox query "${label}" found nothing`);
      total = list.total;
    };
    const changed: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      cache.syncState.setLastSyncedAt(now + run);
      changed.push(...sampleSync(read, 1, 0));
    }
    const steady = sampleSync(read, runs);
    out.changed.push(...changed);
    out.steady.push(...steady);
    out.notes.push(
      `${label} (${fmtInt(total)} rows): after a change p50 ${fmtMs(percentile(changed, 50))} / p99 ${fmtMs(percentile(changed, 99))}, steady p99 ${fmtMs(percentile(steady, 99))}`,
    );
  }
  return out;
}

export async function benchInboxQuery(sizes: BenchSizes, big: BigCache): Promise<FigureOutcome> {
  const cache = ClientCache.open(big.folder, big.corpus.me.id);
  let times: QueryTimes;
  try {
    times = timeQueries(cache, big, sizes.queryRuns);
  } finally {
    cache.close();
  }
  const steady = percentile(times.steady, 99);
  const changed = percentile(times.changed, 99);
  const row = (figure: string, p99: number) => ({
    figure,
    measured: `p99 ${fmtMs(p99)}`,
    baseline: NO_BASELINE,
    ratio: NO_BASELINE,
    target: `p99 ≤ ${TARGET_P99_MS} ms`,
    met: p99 <= TARGET_P99_MS,
  });
  return {
    rows: [row('inbox query (total remembered)', steady), row('inbox query (right after a change)', changed)],
    notes: [
      `inbox query: first page of ${PAGE} over ${fmtInt(big.corpus.shape.conversations)} conversations, ${sizes.queryRuns} runs of each filter, each right after a write to the cache (the list's total is counted again), then as many with nothing written in between (the total is remembered): ${times.notes.join('; ')}.`,
    ],
  };
}
