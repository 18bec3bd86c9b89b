import type { ClientApi } from '../shared/api';

declare global {
  interface Window {
    /** The main process's API, exposed by the preload (src/preload/index.ts). */
    readonly api: ClientApi;
  }
}

export {};
