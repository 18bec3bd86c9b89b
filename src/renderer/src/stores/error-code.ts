/**
 * The code of whatever a ClientApi call threw: an ApiCallError from
 * `window.api` (unwrap-api.ts) or an AppError from the test double. The UI
 * needs the code to say why in the agent's language; anything without a
 * known code is INTERNAL.
 */
import { isErrorCode, type ErrorCode } from '../../../shared/errors.js';

export function errorCodeOf(error: unknown): ErrorCode {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    if (typeof code === 'string' && isErrorCode(code)) return code;
  }
  return 'INTERNAL';
}
