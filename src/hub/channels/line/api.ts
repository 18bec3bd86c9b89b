/**
 * One Messaging API call with the channel access token. LINE serves message
 * content from api-data.line.me and everything else from api.line.me; an
 * `apiBaseUrl` replaces both.
 */
import type { AdapterContext } from '../types.js';
import { apiRoot, providerFetch, readJsonBody } from '../provider-call.js';
import type { LineCredentials } from './credentials.js';

const LINE_API = 'https://api.line.me';
const LINE_DATA_API = 'https://api-data.line.me';

export interface LineAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

function lineRoot(credentials: LineCredentials): string {
  return apiRoot(credentials.apiBaseUrl, LINE_API);
}

export function lineDataRoot(credentials: LineCredentials): string {
  return apiRoot(credentials.apiBaseUrl, LINE_DATA_API);
}

/** POSTs JSON; network errors and timeouts throw. */
export async function postLine(
  credentials: LineCredentials,
  ctx: Pick<AdapterContext, 'fetch'>,
  path: string,
  body: unknown,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<LineAnswer> {
  const res = await providerFetch(ctx, `${lineRoot(credentials)}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${credentials.channelAccessToken}`,
      'content-type': 'application/json',
      ...extraHeaders,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await readJsonBody(res), headers: res.headers };
}

/** GETs a JSON resource; network errors and timeouts throw. */
export async function getLine(
  credentials: LineCredentials,
  ctx: Pick<AdapterContext, 'fetch'>,
  path: string,
): Promise<LineAnswer> {
  const res = await providerFetch(ctx, `${lineRoot(credentials)}${path}`, {
    method: 'GET',
    headers: { authorization: `Bearer ${credentials.channelAccessToken}` },
  });
  return { status: res.status, body: await readJsonBody(res), headers: res.headers };
}
