/** A numbered cache migration: plain SQL against the database, run once in a transaction. */
export interface CacheMigrationDb {
  exec(sql: string): void;
}

export interface CacheMigration {
  readonly version: number;
  up(db: CacheMigrationDb): void;
}
