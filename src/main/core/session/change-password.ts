/** `POST {hub}/api/auth/password`: the signed-in agent's own password; the hub's refusal keeps its code. */
import { ensureOk, hubRequest, hubUrlOf, type FetchLike } from './hub-http.js';

export interface PasswordChange {
  readonly currentPassword: string;
  readonly newPassword: string;
}

/** Resolves once the hub took the new password; this token stays signed in, the agent's others do not. */
export async function changePasswordAtHub(
  fetch: FetchLike,
  hubUrl: string,
  token: string,
  change: PasswordChange,
): Promise<void> {
  const response = await hubRequest(fetch, hubUrlOf(hubUrl, 'api/auth/password'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  await ensureOk(response);
  await response.body?.cancel();
}
