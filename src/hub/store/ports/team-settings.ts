import { TeamSettings } from '../../../shared/admin/team-settings.js';

export interface TeamSettingsRepository {
  /** Every setting, a missing or unreadable one at its default. */
  get(): Promise<TeamSettings>;
  set(settings: TeamSettings): Promise<void>;
}
