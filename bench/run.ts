/**
 * `npm run bench [-- --quick] [--out file] [--only name,name]`: measures every
 * figure of issue 7, one after the other (the machine has 2 cores; nothing
 * else of the bench runs meanwhile), prints the table and writes
 * docs/benchmarks.md — only a full run of every figure does (report-target.ts);
 * a quick or partial one writes to `--out` if given, else nowhere. Targets missed are reported, not fatal; a figure that
 * could not be measured at all makes the run exit with 1.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createContext, type BenchContext } from './context.js';
import { makeTempDir } from './data/temp-dir.js';
import { benchCacheIngest } from './figures/cache-ingest.js';
import { benchHubIngest } from './figures/hub-ingest.js';
import { benchHubIngestPostgres } from './figures/hub-ingest-postgres.js';
import { benchInboxQuery } from './figures/inbox-query.js';
import { benchInitialSync } from './figures/initial-sync.js';
import { benchLiveBurst } from './figures/live-burst.js';
import { benchMemory } from './figures/memory.js';
import { benchSearch } from './figures/search.js';
import type { FigureOutcome } from './figure.js';
import { NO_BASELINE } from './figure.js';
import { nowMs, note } from './measure.js';
import { FULL_REPORT, reportTarget } from './report-target.js';
import { markdownReport, textTable, writeReport } from './report.js';
import { FULL_SIZES, QUICK_SIZES } from './sizes.js';

interface Figure {
  readonly name: string;
  readonly run: (context: BenchContext) => Promise<FigureOutcome>;
}

const FIGURES: readonly Figure[] = [
  { name: 'cache-ingest', run: (c) => benchCacheIngest(c.sizes, c.temp) },
  { name: 'initial-sync', run: (c) => benchInitialSync(c.sizes, c.temp) },
  { name: 'inbox-query', run: (c) => benchInboxQuery(c.sizes, c.bigCache()) },
  { name: 'search', run: (c) => benchSearch(c.sizes, c.bigCache()) },
  { name: 'hub-ingest', run: (c) => benchHubIngest(c.sizes) },
  { name: 'hub-ingest-postgres', run: (c) => benchHubIngestPostgres(c.sizes, c.temp.sub('haproxy')) },
  { name: 'memory', run: async (c) => benchMemory(c.bigCache(), await c.renderer()) },
  { name: 'first-paint', run: async (c) => (await c.renderer()).paint },
  { name: 'live-burst', run: async (c) => benchLiveBurst(c.sizes, c.temp, await c.rendererDir()) },
];

function failed(name: string, error: unknown): FigureOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    rows: [{ figure: name, measured: 'failed', baseline: NO_BASELINE, ratio: NO_BASELINE, target: '—', met: false }],
    notes: [`${name}: could not be measured: ${message.slice(0, 500)}`],
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, out: { type: 'string' }, only: { type: 'string' } },
  });
  const sizes = values.quick ? QUICK_SIZES : FULL_SIZES;
  const only = values.only?.split(',').map((s) => s.trim());
  const target = reportTarget({ quick: values.quick === true, only, out: values.out });
  const startedAt = new Date();
  const start = nowMs();
  const temp = makeTempDir();
  const context = createContext(sizes, temp);
  const outcomes: FigureOutcome[] = [];
  let failures = 0;
  try {
    for (const figure of FIGURES) {
      if (only && !only.includes(figure.name)) continue;
      const figureStart = nowMs();
      note(`${figure.name}: start (${sizes.label} sizes)`);
      try {
        outcomes.push(await figure.run(context));
      } catch (error) {
        failures += 1;
        console.error(error);
        outcomes.push(failed(figure.name, error));
      }
      note(`${figure.name}: done in ${((nowMs() - figureStart) / 1000).toFixed(1)} s`);
    }
  } finally {
    temp.remove();
  }
  const durationMs = nowMs() - start;
  console.log(textTable(outcomes));
  const took = `the run took ${(durationMs / 60_000).toFixed(1)} min`;
  if (target === null) {
    note(`${took}; ${FULL_REPORT} is kept (a quick or partial run writes only to --out)`);
  } else {
    const out = resolve(target);
    writeReport(out, markdownReport({ sizes, outcomes, startedAt, durationMs }));
    note(`wrote ${out}; ${took}`);
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
