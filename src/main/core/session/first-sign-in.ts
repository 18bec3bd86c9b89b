/**
 * An agent's first way in: `POST {hub}/api/auth/invitation` uses an
 * invitation link's token (sets the password, signs in), and `POST
 * {hub}/api/auth/password/replace-temporary` replaces the temporary password a
 * session was opened with. The hub's refusals keep their codes
 * (INVITATION_INVALID, AGENT_INACTIVE, VALIDATION_FAILED …).
 */
import type { InvitationSignIn } from '../../../shared/api.js';
import { AppError } from '../../../shared/errors.js';
import { LoginResponse } from '../../../shared/protocol.js';
import { ensureOk, hubRequest, hubUrlOf, readJson, type FetchLike } from './hub-http.js';

export async function signInWithInvitationAtHub(fetch: FetchLike, request: InvitationSignIn): Promise<LoginResponse> {
  const response = await hubRequest(fetch, hubUrlOf(request.hubUrl, 'api/auth/invitation'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: request.token, newPassword: request.newPassword }),
  });
  // Anything but a hub answering JSON (a web page at that address, a proxy error) means no hub there.
  if (!response.ok && !(response.headers.get('content-type') ?? '').includes('json')) {
    await response.body?.cancel();
    throw new AppError('HUB_UNREACHABLE', `${new URL(request.hubUrl).origin} answered HTTP ${response.status}`);
  }
  return readJson(await ensureOk(response), LoginResponse);
}

export async function replaceTemporaryPasswordAtHub(
  fetch: FetchLike,
  hubUrl: string,
  token: string,
  newPassword: string,
): Promise<void> {
  const response = await hubRequest(fetch, hubUrlOf(hubUrl, 'api/auth/password/replace-temporary'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ newPassword }),
  });
  await ensureOk(response);
  await response.body?.cancel();
}
