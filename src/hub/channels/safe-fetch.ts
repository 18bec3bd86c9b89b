/**
 * The one way the hub fetches a URL that a provider handed it (a webhook's
 * MediaUrl or originalContentUrl, a media lookup's answer). Each request, and
 * each redirect hop (followed by hand, at most three), is checked by its parsed
 * origin against the adapter's rules:
 * - origins configured for the channel (`apiBaseUrl`) or by the operator
 *   (SWITCHBOARD_MEDIA_HOSTS) are reached as configured;
 * - every other host must be one the provider documents (or, for content the
 *   provider says lives elsewhere, any host), over https, and every address it
 *   resolves to must be public. The check runs inside the socket's own DNS
 *   lookup, so the address connected to is the address checked: a name that
 *   resolves differently a second time (DNS rebinding) gains nothing.
 * Credentials go only to the origins the adapter names, never to a redirect
 * elsewhere. Error messages name hosts, never paths or queries, which may
 * carry tokens (Telegram's bot token, WeChat's access_token).
 */
import dns from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';
import { classifyAddress } from './address-class.js';
import { MEDIA_TRANSFER_TIMEOUT_MS } from './provider-call.js';

/** Redirect hops followed before giving up (Twilio needs one: Media resource → file). */
export const MAX_MEDIA_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HOST_SHOWN_MAX = 100;

export interface FetchRules {
  /** Origins configured for this channel (its `apiBaseUrl`): reached as configured, http and private addresses included. */
  readonly configuredOrigins: readonly string[];
  /** Hosts the provider documents for media: a download may start or be redirected there (https, public addresses). */
  readonly hosts: readonly string[];
  /** Documented hosts reached only through a redirect (a provider's CDN). */
  readonly redirectHosts?: readonly string[];
  /**
   * Content the provider says lives elsewhere (LINE `contentProvider.type: external`): the first
   * request may go to any host with public addresses; redirects stay on that origin.
   */
  readonly anyPublicHost?: { readonly allowHttp: boolean };
  /** Headers that carry the channel's credentials, sent only to these origins. */
  readonly credentials?: { readonly origins: readonly string[]; readonly headers: Readonly<Record<string, string>> };
}

export interface GuardedResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as it arrives; whoever takes the response reads or destroys it. */
  readonly body: Readable;
}

/** Fetches provider media under a channel's rules (given to `downloadMedia`). */
export interface MediaTransfer {
  get(url: string, rules: FetchRules): Promise<GuardedResponse>;
}

export type ResolveHost = (hostname: string) => Promise<readonly dns.LookupAddress[]>;

export interface MediaTransferOptions {
  /** SWITCHBOARD_MEDIA_HOSTS: origins every channel may fetch from, as configured (self-hosted gateways, tests). */
  readonly operatorOrigins?: readonly string[];
  readonly timeoutMs?: number;
  /** Name resolution; the system resolver (getaddrinfo) unless a test replaces it. */
  readonly resolve?: ResolveHost;
}

export type HopDecision =
  | { readonly ok: true; readonly via: 'configured' | 'public'; readonly sendCredentials: boolean }
  | { readonly ok: false; readonly reason: string };

function shown(host: string): string {
  return host.length <= HOST_SHOWN_MAX ? host : `${host.slice(0, HOST_SHOWN_MAX)}…`;
}

/** A documented host on its default port, or the origin the previous hop was already allowed to reach. */
function isNamedHost(url: URL, rules: FetchRules, previous: URL | null): boolean {
  if (previous !== null && previous.origin === url.origin) return true;
  if (url.port !== '') return false;
  if (rules.hosts.includes(url.hostname)) return true;
  return previous !== null && (rules.redirectHosts ?? []).includes(url.hostname);
}

/** Whether one request (the first, or a redirect from `previous`) may be made, and with the credentials or not. */
export function checkHop(
  url: URL,
  rules: FetchRules,
  previous: URL | null,
  operatorOrigins: readonly string[] = [],
): HopDecision {
  const host = shown(url.hostname);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'not an http(s) URL' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'URLs with a user name are refused' };
  const sendCredentials = (rules.credentials?.origins ?? []).includes(url.origin);
  if (rules.configuredOrigins.includes(url.origin) || operatorOrigins.includes(url.origin)) {
    return { ok: true, via: 'configured', sendCredentials };
  }
  const literal = classifyAddress(url.hostname);
  if (literal !== null && literal !== 'public') return { ok: false, reason: `${host} is a ${literal} address` };
  const external = rules.anyPublicHost !== undefined && (previous === null || previous.origin === url.origin);
  if (!isNamedHost(url, rules, previous) && !external) {
    const what = `${host} is not a media host of this channel's provider`;
    return { ok: false, reason: previous === null ? what : `redirect refused: ${what}` };
  }
  const httpAllowed = external && rules.anyPublicHost?.allowHttp === true;
  if (url.protocol !== 'https:' && !httpAllowed) return { ok: false, reason: `${host} must be reached over https` };
  return { ok: true, via: 'public', sendCredentials };
}

/** A refusal: permanent, since the same URL will be refused again. */
export function fetchRefused(reason: string): AppError {
  return new AppError('MEDIA_DOWNLOAD_FAILED', `refused to fetch: ${reason}`, { retryable: false, refused: true });
}

const systemResolve: ResolveHost = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** A socket lookup that connects only to public addresses: every address the name has must be public. */
function publicOnlyLookup(resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const inner = addresses.find((a) => classifyAddress(a.address) !== 'public');
        if (inner) {
          const cls = classifyAddress(inner.address) ?? 'unknown';
          callback(fetchRefused(`${shown(hostname)} resolves to a ${cls} address (${inner.address})`), '', 0);
          return;
        }
        const usable = addresses.filter((a) => !options.family || a.family === options.family);
        const first = usable[0];
        if (!first) {
          callback(Object.assign(new Error(`no address for ${shown(hostname)}`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

function requestOnce(
  url: URL,
  headers: Record<string, string>,
  lookup: LookupFunction | null,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // agent: false — a socket of its own per request, never one kept alive from another origin.
    const req = client.request(url, { method: 'GET', headers, agent: false, signal, ...(lookup ? { lookup } : {}) });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i];
    const value = res.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) headers.append(name, value);
  }
  return headers;
}

function nextUrl(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch (err) {
    throw fetchRefused(`the redirect target is not a URL (${err instanceof Error ? err.name : 'invalid'})`);
  }
}

function firstUrl(url: string): URL {
  try {
    return new URL(url);
  } catch (err) {
    throw fetchRefused(`the media URL does not parse (${err instanceof Error ? err.name : 'invalid'})`);
  }
}

export function createMediaTransfer(options: MediaTransferOptions = {}): MediaTransfer {
  const operatorOrigins = options.operatorOrigins ?? [];
  const lookup = publicOnlyLookup(options.resolve ?? systemResolve);
  const timeoutMs = options.timeoutMs ?? MEDIA_TRANSFER_TIMEOUT_MS;
  return {
    async get(url, rules) {
      // One deadline for every hop and the whole body.
      const signal = AbortSignal.timeout(timeoutMs);
      let current = firstUrl(url);
      let previous: URL | null = null;
      for (let hop = 0; ; hop += 1) {
        const decision = checkHop(current, rules, previous, operatorOrigins);
        if (!decision.ok) throw fetchRefused(decision.reason);
        const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'identity' };
        if (decision.sendCredentials) Object.assign(headers, rules.credentials?.headers);
        const res = await requestOnce(current, headers, decision.via === 'public' ? lookup : null, signal);
        const location = res.headers.location;
        if (!REDIRECT_STATUSES.has(res.statusCode ?? 0) || location === undefined) {
          return { status: res.statusCode ?? 0, headers: headersOf(res), body: res };
        }
        res.destroy();
        if (hop >= MAX_MEDIA_REDIRECTS) throw fetchRefused(`more than ${MAX_MEDIA_REDIRECTS} redirects`);
        previous = current;
        current = nextUrl(location, current);
      }
    },
  };
}
