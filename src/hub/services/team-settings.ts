/**
 * Team settings (GET/PATCH /api/team-settings): hub-wide choices an admin
 * makes for everyone, e.g. whether a reply assigns an unassigned conversation
 * to the replier (messages.ts). Admins only; the hub reads them where it acts,
 * so clients keep no copy.
 */
import { TeamSettings, UpdateTeamSettingsRequest } from '../../shared/admin/team-settings.js';
import { parseOrThrow } from '../../shared/errors.js';
import { requireAdmin, type Actor } from './actor.js';
import type { HubContext } from './context.js';

export class TeamSettingsService {
  constructor(private readonly ctx: HubContext) {}

  async get(actor: Actor): Promise<TeamSettings> {
    requireAdmin(actor);
    return await this.ctx.store.teamSettings.get();
  }

  async update(actor: Actor, raw: unknown): Promise<TeamSettings> {
    requireAdmin(actor);
    const change = parseOrThrow(UpdateTeamSettingsRequest, raw);
    return await this.ctx.writer.write(async () => {
      const next = TeamSettings.parse({ ...(await this.ctx.store.teamSettings.get()), ...change });
      await this.ctx.store.teamSettings.set(next);
      this.ctx.log.info({ agentId: actor.agent.id, settings: next }, 'team settings changed');
      return next;
    });
  }
}
