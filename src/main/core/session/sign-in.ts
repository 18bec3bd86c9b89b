/** `POST {hub}/api/auth/login`: clear errors for an unreachable hub and for a wrong password. */
import type { SignInRequest } from '../../../shared/api.js';
import { AppError } from '../../../shared/errors.js';
import { LoginResponse } from '../../../shared/protocol.js';
import { ensureOk, hubRequest, hubUrlOf, readJson, type FetchLike } from './hub-http.js';

export async function signInToHub(fetch: FetchLike, request: SignInRequest): Promise<LoginResponse> {
  const response = await hubRequest(fetch, hubUrlOf(request.hubUrl, 'api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: request.email, password: request.password }),
  });
  if (response.status === 401) {
    await response.body?.cancel();
    throw new AppError('INVALID_CREDENTIALS');
  }
  // Anything but a hub answering JSON (a web page at that address, a proxy error) means no hub there.
  if (!response.ok && !(response.headers.get('content-type') ?? '').includes('json')) {
    await response.body?.cancel();
    throw new AppError('HUB_UNREACHABLE', `${new URL(request.hubUrl).origin} answered HTTP ${response.status}`);
  }
  return readJson(await ensureOk(response), LoginResponse);
}
