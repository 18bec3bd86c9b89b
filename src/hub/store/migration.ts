/** What a migration may use: plain SQL, nothing driver-specific. */
export interface MigrationDb {
  exec(sql: string): void;
}

export interface Migration {
  readonly version: number;
  up(db: MigrationDb): void;
}
