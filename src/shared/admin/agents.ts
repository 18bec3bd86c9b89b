/** Hub-call client methods of the admin console: agents. See src/shared/hub-calls.ts. */
import type { HubMethod } from '../hub-calls.js';

export const AGENTS_METHODS = {} as const satisfies Record<string, HubMethod>;
