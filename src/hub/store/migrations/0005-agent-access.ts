/** Agent invitations and temporary passwords (issue 12; being written: a no-op until then). */
import type { MigrationDb } from '../../../node-shared/sqlite.js';

export const version = 5;

export function up(db: MigrationDb): void {
  void db;
}
