/** Hub-call client methods of the admin console: health. See src/shared/hub-calls.ts. */
import type { HubMethod } from '../hub-calls.js';

export const HEALTH_METHODS = {} as const satisfies Record<string, HubMethod>;
