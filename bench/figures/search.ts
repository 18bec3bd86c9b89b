/**
 * Search: the client's search (SearchIndex.search: contacts by name and
 * phone, then messages, newest first, with snippets) over 1,000,000 messages
 * in Japanese and English, for a two-character CJK query, an English word and
 * a phone number. The baseline is a bare FTS5 query with the same MATCH
 * expression on the same table (over a read-only connection to the cache's
 * file): what the index alone costs.
 */
import Database from 'better-sqlite3';
import { cacheFileOf } from '../../src/main/core/cache/cache-db.js';
import { ClientCache } from '../../src/main/core/cache/client-cache.js';
import { matchExpression, queryTerms } from '../../src/main/core/search/search-terms.js';
import type { BigCache } from '../data/big-cache.js';
import { SEARCH_QUERIES } from '../data/text.js';
import type { FigureOutcome } from '../figure.js';
import { fmtInt, fmtMs, fmtRatio, percentile, sampleSync } from '../measure.js';
import type { BenchSizes } from '../sizes.js';

const TARGET_P99_MS = 50;
const LIMIT = 50;

export async function benchSearch(sizes: BenchSizes, big: BigCache): Promise<FigureOutcome> {
  const cache = ClientCache.open(big.folder, big.corpus.me.id);
  const bareDb = new Database(cacheFileOf(big.folder), { readonly: true, fileMustExist: true });
  const bare = bareDb.prepare(
    'SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid DESC LIMIT ?',
  );
  const real: number[] = [];
  const baseline: number[] = [];
  const perQuery: string[] = [];
  try {
    for (const { label, query } of SEARCH_QUERIES) {
      const match = matchExpression(queryTerms(query));
      if (match === null) throw new Error(`search query "${query}" has no terms`);
      let hits = 0;
      const realSamples = sampleSync(() => void (hits = cache.search.search(query, LIMIT).length), sizes.queryRuns);
      const bareSamples = sampleSync(() => bare.all(match, LIMIT), sizes.queryRuns);
      real.push(...realSamples);
      baseline.push(...bareSamples);
      perQuery.push(
        `${label} "${query}" (${hits} hits) p99 ${fmtMs(percentile(realSamples, 99))}, bare FTS5 ${fmtMs(percentile(bareSamples, 99))}`,
      );
    }
  } finally {
    bareDb.close();
    cache.close();
  }
  const p99 = percentile(real, 99);
  const baseP99 = percentile(baseline, 99);
  return {
    rows: [
      {
        figure: 'search',
        measured: `p99 ${fmtMs(p99)}`,
        baseline: `p99 ${fmtMs(baseP99)}`,
        ratio: fmtRatio(p99 / baseP99),
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        met: p99 <= TARGET_P99_MS,
      },
    ],
    notes: [
      `search: ${fmtInt(big.corpus.shape.messages)} messages, first ${LIMIT} hits, ${sizes.queryRuns} runs of each query: ${perQuery.join('; ')}.`,
    ],
  };
}
