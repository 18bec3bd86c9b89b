/**
 * Shared by the adapters: comparing secrets from webhook requests, reading
 * Retry-After, and the failure for an HTTP status with no provider code we
 * know. (Fetching with a timeout and reading bodies live in provider-call.ts.)
 */
import { timingSafeEqual } from 'node:crypto';
import { statusFailure } from './provider-codes.js';
import type { ProviderFailure } from './types.js';

/** Compares secrets in constant time, so a timing attacker learns nothing about where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Spend the time of a comparison anyway; only the length leaks, which the provider's format fixes.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The failure for an HTTP status when the body names no provider code we know. */
export function httpStatusFailure(status: number, detail: string, retryAfter: number | null): ProviderFailure {
  return statusFailure(status, `HTTP ${status} ${detail}`.trim().slice(0, 500), retryAfter);
}
