/** Hub-call client methods of the admin console: canned-replies. See src/shared/hub-calls.ts. */
import type { HubMethod } from '../hub-calls.js';

export const CANNED_REPLIES_METHODS = {} as const satisfies Record<string, HubMethod>;
