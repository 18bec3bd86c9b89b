/**
 * Team settings: hub-wide choices an admin makes for the whole team
 * (GET/PATCH /api/team-settings), and the admin console's hub-call methods.
 * See src/shared/hub-calls.ts.
 */
import { z } from 'zod';
import { hubMethod, type HubMethod } from '../hub-calls.js';

export const TeamSettings = z.object({
  /**
   * Replying to an unassigned conversation assigns it to the replier (when the replier may be assigned,
   * assignee-rule.ts). A private note never assigns. On unless an admin turned it off.
   */
  assignOnReply: z.boolean().default(true),
});
export type TeamSettings = z.infer<typeof TeamSettings>;

/** PATCH body: the settings to change; the others stay. */
export const UpdateTeamSettingsRequest = z.object({ assignOnReply: z.boolean().optional() }).strict();
export type UpdateTeamSettingsRequest = z.infer<typeof UpdateTeamSettingsRequest>;

export const TEAM_SETTINGS_METHODS = {
  adminGetTeamSettings: hubMethod({
    args: z.tuple([]),
    result: TeamSettings,
    call: () => ({ method: 'GET', path: 'api/team-settings' }),
  }),
  adminUpdateTeamSettings: hubMethod({
    args: z.tuple([UpdateTeamSettingsRequest]),
    result: TeamSettings,
    call: (change) => ({ method: 'PATCH', path: 'api/team-settings', body: change }),
  }),
} satisfies Record<string, HubMethod>;
