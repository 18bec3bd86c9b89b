/** Team settings on Postgres (as store/sqlite/team-settings.ts): hub-wide choices, key → JSON value. */
import { TeamSettings } from '../../../shared/admin/team-settings.js';
import type { TeamSettingsRepository } from '../ports/team-settings.js';
import type { PgDb } from './db.js';

export class PostgresTeamSettingsRepository implements TeamSettingsRepository {
  constructor(private readonly db: PgDb) {}

  async get(): Promise<TeamSettings> {
    const stored: Record<string, unknown> = {};
    for (const row of await this.db.query<{ key: string; value: string }>(`SELECT key, value FROM team_settings`)) {
      try {
        stored[row.key] = JSON.parse(row.value) as unknown;
      } catch {
        // An unreadable value is taken as unset: the setting's default applies.
      }
    }
    const parsed = TeamSettings.safeParse(stored);
    return parsed.success ? parsed.data : TeamSettings.parse({});
  }

  async set(settings: TeamSettings): Promise<void> {
    const entries = Object.entries(settings);
    if (entries.length === 0) return;
    // Every key in one statement (SQLite wrote them one by one).
    await this.db.run(
      `INSERT INTO team_settings (key, value) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [entries.map(([key]) => key), entries.map(([, value]) => JSON.stringify(value))],
    );
  }
}
