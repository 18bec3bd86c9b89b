/**
 * Answers every hub-call method (HUB_METHODS, src/shared/hub-calls.ts) the
 * same way: the request its table entry describes, made with the signed-in
 * session's token; the hub's refusal as an AppError with the hub's code; the
 * answer parsed with the entry's result schema. Needs the hub: offline it is
 * HUB_UNREACHABLE, signed out UNAUTHENTICATED.
 */
import { API_METHOD_NAMES } from '../../../shared/api-methods.js';
import {
  HUB_METHODS,
  clientMethods,
  type ClientApiFunction,
  type ClientApiMethods,
  type HubMethodName,
} from '../../../shared/api.js';
import { AppError } from '../../../shared/errors.js';
import type { HubCall, HubMethod } from '../../../shared/hub-calls.js';
import { ensureOk, hubRequest, hubUrlOf, type FetchLike } from '../session/hub-http.js';

export interface HubCredentials {
  readonly hubUrl: string;
  readonly token: string;
}

const hubMethodNames: ReadonlySet<string> = new Set(Object.keys(HUB_METHODS));
export function isHubMethod(method: string): method is HubMethodName {
  return hubMethodNames.has(method);
}
const HUB_METHOD_NAMES = API_METHOD_NAMES.filter(isHubMethod);

function urlOf(hubUrl: string, call: HubCall): string {
  const url = new URL(hubUrlOf(hubUrl, call.path));
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** Makes one hub call and reads its answer as the call says; exported for tests of single entries. */
export async function performHubCall(
  fetch: FetchLike,
  credentials: HubCredentials,
  call: HubCall,
  result: HubMethod['result'],
): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${credentials.token}` };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await ensureOk(
    await hubRequest(fetch, urlOf(credentials.hubUrl, call), {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    }),
  );
  const answer = call.answer ?? 'json';
  if (answer === 'none') {
    await response.body?.cancel();
    return undefined;
  }
  const value: unknown = answer === 'bytes' ? new Uint8Array(await response.arrayBuffer()) : await response.json();
  const parsed = result.safeParse(value);
  if (!parsed.success) throw new AppError('INTERNAL', `the hub answered ${call.path} in an unexpected shape`);
  return parsed.data;
}

/**
 * One ClientApi function per hub-call method. The arguments are parsed with the entry's tuple here
 * too, so a direct (non-IPC) caller gets the same defaults and refusals as the renderer.
 */
export function forwardToHub(
  fetch: FetchLike,
  credentials: () => HubCredentials,
): Pick<ClientApiMethods, HubMethodName> {
  const forward = <M extends HubMethodName>(method: M): ClientApiFunction<M> => {
    const entry: HubMethod = HUB_METHODS[method];
    const call = async (...args: unknown[]): Promise<unknown> => {
      const parsed = entry.args.safeParse(args);
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.message);
      return performHubCall(fetch, credentials(), entry.call(...parsed.data), entry.result);
    };
    // The table's entry for M parsed the arguments and the result, so the call is M's.
    return call as unknown as ClientApiFunction<M>;
  };
  return clientMethods(HUB_METHOD_NAMES, forward);
}
