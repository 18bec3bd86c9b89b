/** Team settings (migration 0013): hub-wide choices an admin makes for everyone, key → JSON value. */
import { TeamSettings } from '../../../shared/admin/team-settings.js';
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { TeamSettingsRepository } from '../ports/team-settings.js';

export class SqliteTeamSettingsRepository implements TeamSettingsRepository {
  private readonly listStatement = once(() =>
    this.db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM team_settings`),
  );
  private readonly writeStatement = once(() =>
    this.db.prepare(
      `INSERT INTO team_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async get(): Promise<TeamSettings> {
    const stored: Record<string, unknown> = {};
    for (const row of this.listStatement().all()) {
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
    for (const [key, value] of Object.entries(settings)) this.writeStatement().run(key, JSON.stringify(value));
  }
}
