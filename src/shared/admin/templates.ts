/** Hub-call client methods of the admin console: templates. See src/shared/hub-calls.ts. */
import type { HubMethod } from '../hub-calls.js';

export const TEMPLATES_METHODS = {} as const satisfies Record<string, HubMethod>;
