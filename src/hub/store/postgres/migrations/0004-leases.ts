/**
 * Leases (store/ports/leases.ts), as in SQLite migration 0022: work done by one node at a time, and the
 * small value it keeps (a Telegram getUpdates offset, a sealed WeChat token). `holder` is NULL once
 * released; `expires_at` is epoch ms.
 */
export const version = 4;
export const name = 'leases';
export const sql = `
CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text,
  expires_at bigint NOT NULL,
  value text
);
`;
