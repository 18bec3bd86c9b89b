/**
 * Credentials are read by the adapter's schema once per opened value (src/hub/providers/credentials.ts):
 * the same opened credentials reach every webhook, send and poll of a channel; new credentials, saved on any
 * node, are a new value and are read again.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readCredentials } from '../../../src/hub/providers/credentials.js';

function countingAdapter() {
  let reads = 0;
  const credentialsSchema = z.object({ token: z.string().min(1) }).transform((value) => {
    reads += 1;
    return value;
  });
  return { adapter: { credentialsSchema }, reads: () => reads };
}

describe('reading opened credentials', () => {
  it('reads a frozen opened value once, and a new value again', () => {
    const { adapter, reads } = countingAdapter();
    const opened = Object.freeze({ token: 'first' });
    for (let i = 0; i < 5; i += 1) expect(readCredentials(adapter, opened)).toMatchObject({ data: { token: 'first' } });
    expect(reads()).toBe(1);
    const replaced = Object.freeze({ token: 'second' });
    expect(readCredentials(adapter, replaced)).toMatchObject({ data: { token: 'second' } });
    expect(reads()).toBe(2);
  });

  it('keeps a refusal too, and reads values that are not frozen each time', () => {
    const { adapter, reads } = countingAdapter();
    const broken = Object.freeze({ token: '' });
    expect(readCredentials(adapter, broken).success).toBe(false);
    expect(readCredentials(adapter, broken).success).toBe(false);
    const loose = { token: 'x' };
    readCredentials(adapter, loose);
    readCredentials(adapter, loose);
    expect(reads()).toBe(2);
    expect(readCredentials(adapter, null).success).toBe(false);
  });

  it('keeps one reading per schema: two adapters reading one value do not share', () => {
    const a = countingAdapter();
    const b = { credentialsSchema: z.object({ other: z.string() }) };
    const opened = Object.freeze({ token: 't' });
    expect(readCredentials(a.adapter, opened).success).toBe(true);
    expect(readCredentials(b, opened).success).toBe(false);
  });
});
