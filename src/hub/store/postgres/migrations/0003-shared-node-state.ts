/**
 * State every hub node must share (docs/scaling.md, "Shared state"): the sign-in throttle's counts and the
 * round-robin position of automatic assignment, as SQLite's migration 0020 (sqlite/migrations/0020-shared-node-state.ts).
 */
const T = 'text COLLATE "C"';

export const version = 3;
export const name = 'shared-node-state';
export const sql = `
CREATE TABLE login_attempts (
  key ${T} PRIMARY KEY,
  attempts bigint NOT NULL,
  blocked_until bigint NOT NULL,
  last_at bigint NOT NULL
);
CREATE INDEX login_attempts_last_at ON login_attempts (last_at);

CREATE TABLE assignment_turns (
  channel_id ${T} PRIMARY KEY,
  stamp bigint NOT NULL
);
`;
