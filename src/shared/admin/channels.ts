/** Hub-call client methods of the admin console: channels. See src/shared/hub-calls.ts. */
import { z } from 'zod';
import { Channel, Id } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';

export const CHANNELS_METHODS = {
  /** Every channel the signed-in agent sees (an admin: all), fresh from the hub. */
  adminListChannels: hubMethod({
    args: z.tuple([]),
    result: z.object({ items: z.array(Channel) }).transform((page) => page.items),
    call: () => ({ method: 'GET', path: 'api/channels' }),
  }),
  /** One channel, fresh from the hub. */
  adminGetChannel: hubMethod({
    args: z.tuple([Id]),
    result: Channel,
    call: (id) => ({ method: 'GET', path: `api/channels/${segment(id)}` }),
  }),
} as const satisfies Record<string, HubMethod>;
