/** What each figure reports: one or more table rows, plus notes printed under the table. */
export interface FigureRow {
  readonly figure: string;
  readonly measured: string;
  /** The same work done the bare way in the same run; '—' when the figure has no baseline. */
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean;
}

export interface FigureOutcome {
  readonly rows: readonly FigureRow[];
  readonly notes: readonly string[];
}

export const NO_BASELINE = '—';
