/**
 * Client methods that are one authenticated call to the hub's HTTP API (the
 * admin console's reads and writes): each declares its argument tuple, its
 * result and the request it makes. The client core answers all of them the
 * same way (src/main/core/account/hub-call.ts): the signed-in session's token,
 * the hub's `{error: {code, message}}` kept as an AppError, the answer parsed
 * with `result`. Adding one is an entry in a table under src/shared/admin and
 * its name in api-methods.ts; nothing in the main process changes.
 */
import type { z } from 'zod';

export type HubCallMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HubCall {
  readonly method: HubCallMethod;
  /** Below the hub's address, e.g. `api/channels/${id}`; path parts must be encoded by the caller. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /**
   * What the answer is: JSON parsed with `result` (the default), raw bytes (a `Uint8Array`, e.g. a
   * PNG), or nothing (204; `result` is `z.void()`).
   */
  readonly answer?: 'json' | 'bytes' | 'none';
}

export interface HubMethod<A extends z.ZodTuple = z.ZodTuple, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
  readonly call: (...args: z.output<A>) => HubCall;
}

/** Declares one hub-call method; the generic keeps `call`'s parameters typed by `args`. */
export function hubMethod<A extends z.ZodTuple, R extends z.ZodType>(method: HubMethod<A, R>): HubMethod<A, R> {
  return method;
}

/** A path segment from an id or name: encoded so it can never climb out of its route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
