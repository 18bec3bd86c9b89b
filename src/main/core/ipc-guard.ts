/**
 * The one door from the renderer (IPC) or the e2e harness into the client
 * service: the method must be a ClientApi method and its arguments must parse
 * with its tuple in CLIENT_METHODS; anything else is VALIDATION_FAILED before
 * the service sees it. It never trusts the caller's types, and it never
 * throws: every call resolves an ApiResult, so an AppError keeps its code
 * across IPC, and anything else becomes INTERNAL with a generic message (the
 * real one is logged here, in the main process, never shown to the page).
 */
import type { z } from 'zod';
import {
  CLIENT_METHODS,
  type ApiResult,
  type ClientApiMethod,
  type ClientApiMethods,
  type ClientResult,
  type ParsedClientArgs,
} from '../../shared/api.js';
import { AppError, parseOrThrow, type ErrorBody } from '../../shared/errors.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';

/**
 * The service as the guard calls it: with the arguments as parsed. A ClientApi is one (each
 * method accepts its parsed arguments, which the compiler checks when a service is assigned
 * here), and because this is a mapped type, `handlers[method]` for a generic method M is known
 * to take exactly `ParsedClientArgs<M>`: no switch, no cast.
 */
type ParsedHandlers = { [M in ClientApiMethod]: (...args: ParsedClientArgs<M>) => Promise<ClientResult<M>> };

/** The table seen the same way, so `ARG_SCHEMAS[method].args` parses to `ParsedClientArgs<M>` for a generic M. */
const ARG_SCHEMAS: { [M in ClientApiMethod]: { args: z.ZodType<ParsedClientArgs<M>> } } = CLIENT_METHODS;

function isApiMethod(method: unknown): method is ClientApiMethod {
  return typeof method === 'string' && Object.hasOwn(CLIENT_METHODS, method);
}

export async function callApi(
  service: ClientApiMethods,
  method: unknown,
  args: unknown,
  logger: Logger = silentLogger,
): Promise<ApiResult<unknown>> {
  try {
    if (!isApiMethod(method)) {
      throw new AppError('VALIDATION_FAILED', `unknown method: ${String(method).slice(0, 64)}`);
    }
    return { ok: true, value: await dispatch(service, method, args) };
  } catch (error) {
    return { ok: false, error: errorBodyOf(error, method, logger) };
  }
}

function dispatch<M extends ClientApiMethod>(
  handlers: ParsedHandlers,
  method: M,
  args: unknown,
): Promise<ClientResult<M>> {
  if (!Array.isArray(args)) throw new AppError('VALIDATION_FAILED', `${method}: arguments must be a list`);
  const parsed = parseOrThrow(ARG_SCHEMAS[method].args, args);
  return handlers[method](...parsed);
}

function errorBodyOf(error: unknown, method: unknown, logger: Logger): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  logger.error(
    {
      method: String(method).slice(0, 64),
      error: errorMessage(error),
      stack: error instanceof Error ? error.stack : undefined,
    },
    'client API call failed',
  );
  return new AppError('INTERNAL').toBody();
}
