/** Hub-call client methods of the admin console: credits-trash. See src/shared/hub-calls.ts. */
import type { HubMethod } from '../hub-calls.js';

export const CREDITS_TRASH_METHODS = {} as const satisfies Record<string, HubMethod>;
