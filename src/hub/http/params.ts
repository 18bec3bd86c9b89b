/** Route parameter schemas shared by the route plugins. */
import { z } from 'zod';
import { Id } from '../../shared/domain.js';

export const IdParams = z.object({ id: Id });
export const ChannelAgentParams = z.object({ id: Id, agentId: Id });
export const TemplateListQuery = z.object({ channelId: Id.optional() });
