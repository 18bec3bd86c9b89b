/**
 * Where a bench run writes its report. docs/benchmarks.md holds the figures of
 * a full run of every figure; a quick run (tiny sizes) or a run of some figures
 * only would replace them with figures that mean less, so such a run writes
 * only to a file named with `--out`, and otherwise just prints its table.
 */
export const FULL_REPORT = 'docs/benchmarks.md';

export interface RunChoice {
  readonly quick: boolean;
  /** The figures asked for with --only; undefined for all of them. */
  readonly only: readonly string[] | undefined;
  readonly out: string | undefined;
}

/** The file to write, or null to write none. */
export function reportTarget(choice: RunChoice): string | null {
  if (choice.out !== undefined) return choice.out;
  return choice.quick || choice.only !== undefined ? null : FULL_REPORT;
}
