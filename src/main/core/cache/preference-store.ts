/** The agent's preferences on this machine (notification sound); survives restarts and snapshot rebuilds. */
import { Preferences } from '../../../shared/api.js';
import type { CacheDb } from './cache-db.js';

/** Sound is on until the agent mutes it (SPEC §6). */
const DEFAULT_PREFERENCES: Preferences = { notificationSound: true };

export class PreferenceStore {
  private readonly read;
  private readonly write;
  private current: Preferences | null = null;

  constructor(db: CacheDb) {
    this.read = db.prepare<[], { json: string }>('SELECT json FROM preferences WHERE id = 1');
    this.write = db.prepare(`INSERT INTO preferences (id, json) VALUES (1, ?)
      ON CONFLICT (id) DO UPDATE SET json = excluded.json`);
  }

  get(): Preferences {
    if (this.current) return this.current;
    const row = this.read.get();
    const raw: unknown = row ? JSON.parse(row.json) : {};
    // A row written by an older version may miss fields: the defaults fill them in.
    const stored = Preferences.partial().safeParse(raw);
    this.current = { ...DEFAULT_PREFERENCES, ...(stored.success ? stored.data : {}) };
    return this.current;
  }

  set(preferences: Preferences): void {
    const parsed = Preferences.parse(preferences);
    this.write.run(JSON.stringify(parsed));
    this.current = parsed;
  }
}
