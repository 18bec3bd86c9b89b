/**
 * Building VerifyOutcomes the same way for every provider: the provider's name
 * in front of its own words, so an admin reads who refused and why.
 */
import type { ErrorCode } from '../../shared/errors.js';
import { clip } from './provider-call.js';
import type { ProviderFailure, VerifyOutcome } from './types.js';

export function verified(label: string, details: Record<string, string | null | undefined>): VerifyOutcome {
  const present = Object.entries(details).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return { ok: true, identity: { label, details: Object.fromEntries(present) } };
}

export function refused(provider: string, code: ErrorCode, words: string): VerifyOutcome {
  return { ok: false, code, reason: clip(`${provider}: ${words}`, 500) };
}

/** A failed call as mapped by the adapter's error table (auth, unavailable, rate limited …). */
export function refusedBy(provider: string, failure: ProviderFailure): VerifyOutcome {
  return refused(provider, failure.code, failure.providerError);
}
