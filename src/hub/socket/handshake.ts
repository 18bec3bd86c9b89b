/**
 * The socket handshake's two kinds of refusal, which the client must tell
 * apart: a handshake that does not parse (`auth.token` a number,
 * `batchEvents: "yes"`, an unknown presence) is a client bug —
 * VALIDATION_FAILED, the client logs it and retries later; a well-formed
 * token that opens no session is UNAUTHENTICATED with the reason
 * (`details.reason`), and the client signs out saying why.
 */
import { AppError, validationError } from '../../shared/errors.js';
import { SocketAuth, type SessionEndReason, type SocketAuth as SocketAuthData } from '../../shared/protocol.js';
import type { AuthService, LiveSession } from '../services/auth.js';

const REFUSAL_MESSAGES: Readonly<Record<SessionEndReason, string>> = {
  expired: 'The session has expired: sign in again.',
  revoked: 'The session was ended (signed out, password changed or agent deactivated): sign in again.',
  unknown: 'The hub knows no such session: sign in again.',
};

/** UNAUTHENTICATED with the reason in `details` (SessionEndDetails). */
export function sessionRefusal(reason: SessionEndReason): AppError {
  return new AppError('UNAUTHENTICATED', REFUSAL_MESSAGES[reason], { reason });
}

export type Admission =
  | { readonly ok: true; readonly auth: SocketAuthData; readonly session: LiveSession }
  | { readonly ok: false; readonly refusal: AppError };

/** `auth` is socket.io's `handshake.auth`: whatever object the client sent (`{}` when none). */
export async function admitHandshake(
  sessions: Pick<AuthService, 'checkSession'>,
  auth: Record<string, unknown>,
): Promise<Admission> {
  // No token at all is no session (a client that never signed in), not a malformed one.
  if (auth.token === undefined || auth.token === null) return { ok: false, refusal: sessionRefusal('unknown') };
  const parsed = SocketAuth.safeParse(auth);
  if (!parsed.success) return { ok: false, refusal: validationError(parsed.error) };
  const check = await sessions.checkSession(parsed.data.token);
  if (!check.ok) return { ok: false, refusal: sessionRefusal(check.reason) };
  // A session opened with a temporary password gets no socket until it replaced it.
  if (check.session.actor.passwordChangeRequired === true) {
    return { ok: false, refusal: new AppError('PASSWORD_CHANGE_REQUIRED') };
  }
  return { ok: true, auth: parsed.data, session: check.session };
}
