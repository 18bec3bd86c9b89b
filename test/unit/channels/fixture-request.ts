/**
 * Webhook requests built from the provider corpus in test/fixtures/providers
 * (exact bytes, so signatures over the raw body hold).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebhookRequest } from '../../../src/hub/channels/types.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/providers', import.meta.url));

export function fixtureBytes(relativePath: string): Buffer {
  return readFileSync(join(FIXTURES_DIR, relativePath));
}

export function fixtureJson(relativePath: string): unknown {
  return JSON.parse(fixtureBytes(relativePath).toString('utf8'));
}

/** Payload files of one provider folder (signature vectors excluded). */
export function payloadFiles(kind: string, extension: string): string[] {
  return readdirSync(join(FIXTURES_DIR, kind))
    .filter((f) => f.endsWith(extension) && !f.startsWith('signature_vectors') && !f.startsWith('secret_token'))
    .sort();
}

export function webhookRequest(over: Partial<WebhookRequest> & { rawBody: Buffer }): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(over.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    method: over.method ?? 'POST',
    publicUrl: over.publicUrl ?? 'https://hub.example.com/webhooks/ch1',
    query: over.query ?? {},
    headers,
    rawBody: over.rawBody,
    receivedAt: over.receivedAt ?? Date.now(),
  };
}
