/**
 * Errors reach the renderer as whatever the boundary made of an AppError: an
 * object with `code` (the e2e bridge, the test double) or an Error whose
 * message carries the error body as JSON (Electron's ipcRenderer.invoke keeps
 * only the message and prefixes it). Either way the UI needs the code to say
 * why in the agent's language.
 */
import { ERROR_CODES, isErrorCode, type ErrorCode } from '../../../shared/errors.js';

const CODE_IN_JSON = /"code"\s*:\s*"([A-Z_]+)"/;

function codeInMessage(message: string): ErrorCode | null {
  const fromJson = CODE_IN_JSON.exec(message)?.[1];
  if (fromJson && isErrorCode(fromJson)) return fromJson;
  // Longest first, so SESSION_WINDOW_CLOSED_NO_SEND is not read as SESSION_WINDOW_CLOSED.
  const named = ERROR_CODES.filter((code) => message.includes(code)).sort((a, b) => b.length - a.length);
  return named[0] ?? null;
}

export function errorCodeOf(error: unknown): ErrorCode {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    if (typeof code === 'string' && isErrorCode(code)) return code;
  }
  if (error instanceof Error) return codeInMessage(error.message) ?? 'INTERNAL';
  return 'INTERNAL';
}
