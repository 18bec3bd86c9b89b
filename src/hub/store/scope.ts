/**
 * Which channels a query may read: null = all (admins), otherwise a list.
 * SQLite receives the list as one JSON parameter (json_each) so statements
 * stay prepared whatever the number of channels.
 */
export type ChannelScope = readonly string[] | null;

export function scopeClause(column: string): string {
  return `(? IS NULL OR ${column} IN (SELECT value FROM json_each(?)))`;
}

export function scopeParams(scope: ChannelScope): [string | null, string | null] {
  const json = scope === null ? null : JSON.stringify(scope);
  return [json, json];
}
