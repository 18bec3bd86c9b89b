/** What every figure gets: the sizes, the run's temp folder and the large cache, seeded once on first use. */
import { seedBigCache, type BigCache } from './data/big-cache.js';
import type { TempDir } from './data/temp-dir.js';
import type { BenchSizes } from './sizes.js';

export interface BenchContext {
  readonly sizes: BenchSizes;
  readonly temp: TempDir;
  bigCache(): BigCache;
}

export function createContext(sizes: BenchSizes, temp: TempDir): BenchContext {
  let big: BigCache | null = null;
  return {
    sizes,
    temp,
    bigCache() {
      big ??= seedBigCache(temp.sub('big-cache'), {
        conversations: sizes.cacheConversations,
        messages: sizes.cacheMessages,
      });
      return big;
    },
  };
}
