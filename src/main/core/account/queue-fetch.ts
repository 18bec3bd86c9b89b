/**
 * The channel queues fresh from the hub (`GET /api/queues`) after each
 * catch-up: the cache then holds every queue the agent may see even where
 * the log or a snapshot did not carry one (a cache from before queues were
 * cached, cache migration 0015), and the inbox's figure is the hub's now.
 * Written in one transaction; an older figure never replaces a newer one
 * (queue-store.ts), so a live event that overtook the answer stays.
 */
import { z } from 'zod';
import { ChannelQueue } from '../../../shared/domain.js';
import type { ClientCache } from '../cache/client-cache.js';
import { ensureOk, hubRequest, hubUrlOf, readJson, type FetchLike } from '../session/hub-http.js';

const QueueList = z.object({ queues: z.array(ChannelQueue) });

export interface QueueFetchDeps {
  readonly cache: ClientCache;
  readonly fetch: FetchLike;
  readonly hubUrl: string;
  readonly token: string;
}

/** Fetches and caches the queues; resolves the channels whose figure changed. */
export async function refreshQueues(deps: QueueFetchDeps): Promise<string[]> {
  const response = await hubRequest(deps.fetch, hubUrlOf(deps.hubUrl, 'api/queues'), {
    headers: { authorization: `Bearer ${deps.token}` },
  });
  const { queues } = await readJson(await ensureOk(response), QueueList);
  return deps.cache.transaction(() =>
    queues.filter((queue) => deps.cache.queues.upsert(queue)).map((queue) => queue.channelId),
  );
}
