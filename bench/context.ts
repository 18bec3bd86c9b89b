/** What every figure gets: the sizes, the run's temp folder and the large cache, seeded once on first use. */
import { join } from 'node:path';
import { seedBigCache, type BigCache } from './data/big-cache.js';
import { benchRenderer, type RendererFigures } from './figures/renderer.js';
import { note } from './measure.js';
import { buildRenderer } from './renderer/renderer-build.js';
import type { TempDir } from './data/temp-dir.js';
import type { BenchSizes } from './sizes.js';

export interface BenchContext {
  readonly sizes: BenchSizes;
  readonly temp: TempDir;
  bigCache(): BigCache;
  /** First paint and renderer heap, measured once for the memory and first-paint figures. */
  renderer(): Promise<RendererFigures>;
  /** The built renderer's folder (built once per run). */
  rendererDir(): Promise<string>;
}

export function createContext(sizes: BenchSizes, temp: TempDir): BenchContext {
  let big: BigCache | null = null;
  let renderer: Promise<RendererFigures> | null = null;
  let built: Promise<string> | null = null;
  const context: BenchContext = {
    sizes,
    temp,
    bigCache() {
      big ??= seedBigCache(temp.sub('big-cache'), {
        conversations: sizes.cacheConversations,
        messages: sizes.cacheMessages,
      });
      return big;
    },
    rendererDir() {
      built ??= (async () => {
        const dir = join(temp.path, 'renderer');
        note('building the renderer');
        await buildRenderer(dir);
        return dir;
      })();
      return built;
    },
    renderer() {
      renderer ??= (async () => benchRenderer(sizes, context.bigCache(), await context.rendererDir()))();
      return renderer;
    },
  };
  return context;
}
