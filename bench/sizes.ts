/**
 * How big each figure's data is. The full run uses the sizes of the issue;
 * `--quick` divides them (about 1/100) so a test can keep the bench working
 * in seconds. Sizes only: no figure hides a shortcut behind --quick.
 */
export interface BenchSizes {
  readonly label: 'full' | 'quick';
  /** cache ingest: message events applied, spread over this many conversations. */
  readonly ingestMessages: number;
  readonly ingestConversations: number;
  /** Alternating rounds of baseline and engine; the best of each is reported. */
  readonly ingestRounds: number;
  /** initial sync: what the hub holds for a fresh client. */
  readonly syncConversations: number;
  readonly syncMessages: number;
  /** The large client cache behind inbox query, search, memory and first paint. */
  readonly cacheConversations: number;
  readonly cacheMessages: number;
  /** Timed repetitions of each inbox query and of each search query. */
  readonly queryRuns: number;
  /** hub ingest: connected agent sockets, webhooks of the sustained run and its time cap. */
  readonly agentSockets: number;
  readonly sustainedWebhooks: number;
  readonly sustainedCapMs: number;
  /** hub ingest: webhooks sent at `latencyRate` per second for the latency figure. */
  readonly latencyWebhooks: number;
  readonly latencyRate: number;
  /** first paint: timed page loads after one warm-up. */
  readonly paintRuns: number;
  /** live burst: customer messages committed at once, over this many conversations. */
  readonly burstMessages: number;
  readonly burstConversations: number;
}

export const FULL_SIZES: BenchSizes = {
  label: 'full',
  ingestMessages: 200_000,
  ingestConversations: 10_000,
  ingestRounds: 2,
  syncConversations: 10_000,
  syncMessages: 200_000,
  cacheConversations: 100_000,
  cacheMessages: 1_000_000,
  queryRuns: 200,
  agentSockets: 200,
  sustainedWebhooks: 20_000,
  sustainedCapMs: 20_000,
  latencyWebhooks: 5_000,
  latencyRate: 500,
  paintRuns: 5,
  burstMessages: 1_000,
  burstConversations: 100,
};

export const QUICK_SIZES: BenchSizes = {
  label: 'quick',
  ingestMessages: 2_000,
  ingestConversations: 100,
  ingestRounds: 1,
  syncConversations: 100,
  syncMessages: 2_000,
  cacheConversations: 1_000,
  cacheMessages: 10_000,
  queryRuns: 20,
  agentSockets: 4,
  sustainedWebhooks: 200,
  sustainedCapMs: 5_000,
  latencyWebhooks: 100,
  latencyRate: 500,
  paintRuns: 1,
  burstMessages: 50,
  burstConversations: 10,
};
