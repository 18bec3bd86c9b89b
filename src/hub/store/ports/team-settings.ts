import { TeamSettings } from '../../../shared/admin/team-settings';

export interface TeamSettingsRepository {
  /** Every setting, a missing or unreadable one at its default. */
  get(): TeamSettings;
  set(settings: TeamSettings): void;
}
