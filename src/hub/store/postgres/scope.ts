/**
 * Which channels a Postgres query may read (ChannelScope: null = all, otherwise a list): one text[] parameter,
 * so a statement has the same text whatever the number of channels, as SQLite's one JSON parameter does
 * (src/hub/store/sqlite/scope.ts). An empty list matches nothing.
 *
 *   `... WHERE ${pgScope('c.channel_id', 2)}` with params `[x, pgScopeValue(scope)]`
 */
import type { ChannelScope } from '../ports/scope.js';

/** `($k::text[] IS NULL OR column = ANY($k::text[]))`: the column is in the scope passed as parameter `$paramIndex`. */
export function pgScope(column: string, paramIndex: number): string {
  const param = `$${paramIndex}::text[]`;
  return `(${param} IS NULL OR ${column} = ANY(${param}))`;
}

/** The parameter pgScope's clause reads: null for all channels, else the channel ids. */
export function pgScopeValue(scope: ChannelScope): string[] | null {
  return scope === null ? null : [...scope];
}

/** The same as pgScopeValue (both names are in use). */
export const pgScopeParam = pgScopeValue;
