/**
 * The renderer's side of the IPC contract: `window.api` resolves an ApiResult
 * for every call (src/preload, or the e2e bridge); the stores want a ClientApi
 * whose calls resolve the value or throw. A failure becomes an ApiCallError
 * carrying the error's code as sent, so the UI says why in the agent's
 * language without reading the message.
 */
import { API_METHOD_NAMES } from '../../../shared/api-methods.js';
import {
  clientMethods,
  type ClientApi,
  type ClientApiMethod,
  type ClientApiFunction,
  type IpcClientApi,
  type IpcClientApiMethods,
} from '../../../shared/api.js';
import type { ErrorBody } from '../../../shared/errors.js';

export class ApiCallError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
    this.code = body.code;
    this.details = body.details;
  }
}

export function unwrapApi(ipc: IpcClientApi): ClientApi {
  // Seen as the mapped type alone, `calls[method]` takes and resolves exactly what method M does.
  const calls: IpcClientApiMethods = ipc;
  const unwrap = <M extends ClientApiMethod>(method: M): ClientApiFunction<M> => {
    const call = calls[method];
    return async (...args) => {
      const result = await call(...args);
      if (result.ok) return result.value;
      throw new ApiCallError(result.error);
    };
  };
  return { ...clientMethods(API_METHOD_NAMES, unwrap), onEvent: (listener) => ipc.onEvent(listener) };
}
