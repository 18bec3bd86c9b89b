/**
 * JSON columns are read back through their zod schema: the file on disk is a
 * boundary too. A value that does not parse (written by an older hub, or a
 * disk fault) never fails the read of everyone's data: it is repaired to fit
 * the schema when it can be (src/shared/conform.ts), else replaced by a safe
 * fallback, and reported with its table, column and row id.
 */
import type { z } from 'zod';
import { readBack } from '../../shared/conform.js';

export interface CorruptRow {
  /** `table.column`, e.g. `events.body`. */
  readonly column: string;
  readonly id: string | number;
  readonly issues: string;
  /** What the reader did about it. */
  readonly action: 'repaired' | 'replaced' | 'skipped';
}
export type CorruptRowReporter = (row: CorruptRow) => void;

let reporter: CorruptRowReporter = () => undefined;

/** Where corrupt rows are reported (the hub's logger); the last hub created in a process wins. */
export function reportCorruptRowsTo(next: CorruptRowReporter): void {
  reporter = next;
}

export function reportCorruptRow(row: CorruptRow): void {
  reporter(row);
}

/** Parses a stored JSON text; a failure says why. */
function parseStoredJson(text: string): { ok: true; value: unknown } | { ok: false; issues: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, issues: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The column's value, repaired if it can be, else `fallback`; either way reported. A null fallback means
 * the caller skips the row (reported as skipped), any other one stands in for the value (replaced).
 */
export function readJson<S extends z.ZodType, F>(
  schema: S,
  text: string,
  where: { readonly column: string; readonly id: string | number },
  fallback: F,
): z.infer<S> | F {
  const json = parseStoredJson(text);
  const read = json.ok ? readBack(schema, json.value) : json;
  if (read.ok) {
    if (read.repaired) reporter({ ...where, issues: 'out of bounds', action: 'repaired' });
    return read.value;
  }
  reporter({ ...where, issues: read.issues, action: fallback === null ? 'skipped' : 'replaced' });
  return fallback;
}

export const bool = (value: number): boolean => value !== 0;
export const int = (value: boolean): number => (value ? 1 : 0);

/**
 * `readJson` for a column whose few distinct texts repeat on many rows (the agents' permission sets that
 * every routing pick reads): each text is read once and its value kept, at most `size` texts (the oldest
 * goes first). The values are shared: callers never change them.
 */
export function memoReadJson<S extends z.ZodType, F>(
  schema: S,
  column: string,
  fallback: F,
  size = 256,
): (text: string, id: string | number) => z.infer<S> | F {
  const memo = new Map<string, z.infer<S> | F>();
  return (text, id) => {
    if (memo.has(text)) return memo.get(text) as z.infer<S> | F;
    const value = readJson(schema, text, { column, id }, fallback);
    if (memo.size >= size) memo.delete(memo.keys().next().value as string);
    memo.set(text, value);
    return value;
  };
}
