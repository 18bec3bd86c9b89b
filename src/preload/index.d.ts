import type { IpcClientApi } from '../shared/api.js';

declare global {
  interface Window {
    /** The main process's API, exposed by the preload (src/preload/index.ts); every call resolves an ApiResult. */
    readonly api: IpcClientApi;
  }
}

export {};
