/**
 * Assignment stamps per agent, not per channel (RoutingRepository.noteAssigned, docs/scaling.md "Shared
 * state"): each agent's latest stamp in `agent_assignments` (0024) is where round robin continues, so the
 * channel's turn row is no longer read or written. Postgres drops it too (postgres/migrations/0008).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 25;

export function up(db: MigrationDb): void {
  db.exec(`DROP TABLE assignment_turns;`);
}
