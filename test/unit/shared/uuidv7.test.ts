import { describe, expect, it } from 'vitest';
import { UUID_V7_PATTERN, uuidv7 } from '../../../src/shared/uuidv7.js';

describe('uuidv7', () => {
  it('gives distinct version-7 ids across refills of its random pool', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7_PATTERN);
  });

  it('sorts by creation time, and in creation order within one millisecond', () => {
    const sameMs = Array.from({ length: 300 }, () => uuidv7(1_800_000_000_000));
    const later = uuidv7(1_800_000_000_001);
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(later > sameMs.at(-1)!).toBe(true);
    expect(sameMs[0]!.slice(0, 13).replace('-', '')).toBe((1_800_000_000_000).toString(16).padStart(12, '0'));
  });

  it('draws fresh randomness for each id (no two ids share their random tail)', () => {
    const tails = Array.from({ length: 1000 }, (_, i) => uuidv7(1_900_000_000_000 + i).slice(19));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
