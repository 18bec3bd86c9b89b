/** Timing and statistics shared by the figures: a monotonic clock, percentiles, number formatting. */
import { performance } from 'node:perf_hooks';

export const nowMs = (): number => performance.now();

/** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Runs `work` and returns how long it took in milliseconds. */
export async function timed(work: () => unknown): Promise<number> {
  const start = nowMs();
  await work();
  return nowMs() - start;
}

/** Times `work` `runs` times (after `warmup` untimed runs) and returns each duration in ms. */
export function sampleSync(work: (run: number) => unknown, runs: number, warmup = 3): number[] {
  for (let i = 0; i < warmup; i += 1) work(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = nowMs();
    work(i);
    samples.push(nowMs() - start);
  }
  return samples;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export const fmtInt = (n: number): string => grouped.format(n);
export const fmtMs = (ms: number): string => (ms >= 100 ? `${grouped.format(ms)} ms` : `${precise.format(ms)} ms`);
export const fmtRate = (perSecond: number, unit: string): string => `${grouped.format(perSecond)} ${unit}/s`;
export const fmtMb = (bytes: number): string => `${grouped.format(bytes / (1024 * 1024))} MB`;
export const fmtRatio = (ratio: number): string => `${precise.format(ratio)}×`;

/** Logs progress of the run to stderr, so stdout keeps only the table. */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
