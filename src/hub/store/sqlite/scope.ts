import type { ChannelScope } from '../ports/scope.js';

export function scopeClause(column: string): string {
  return `(? IS NULL OR ${column} IN (SELECT value FROM json_each(?)))`;
}

export function scopeParams(scope: ChannelScope): [string | null, string | null] {
  const json = scope === null ? null : JSON.stringify(scope);
  return [json, json];
}
