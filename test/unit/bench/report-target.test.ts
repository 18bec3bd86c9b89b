/** Which runs of `npm run bench` may write docs/benchmarks.md: only a full run of every figure. */
import { describe, expect, it } from 'vitest';
import { FULL_REPORT, reportTarget } from '../../../bench/report-target.js';

describe('where a bench run writes its report', () => {
  it('a full run of every figure writes docs/benchmarks.md', () => {
    expect(reportTarget({ quick: false, only: undefined, out: undefined })).toBe(FULL_REPORT);
  });

  it('a quick run or a run of some figures keeps docs/benchmarks.md and writes nothing', () => {
    expect(reportTarget({ quick: true, only: undefined, out: undefined })).toBeNull();
    expect(reportTarget({ quick: false, only: ['hub-ingest'], out: undefined })).toBeNull();
    expect(reportTarget({ quick: true, only: ['search'], out: undefined })).toBeNull();
  });

  it('any run writes where --out says', () => {
    expect(reportTarget({ quick: true, only: ['search'], out: '/tmp/b.md' })).toBe('/tmp/b.md');
  });
});
