/**
 * Keeps `npm run bench` working: runs it with --quick (tiny sizes) into a temp
 * file and checks that every figure was measured and reported, in the table
 * and in the markdown. Timings are never asserted: this machine is shared.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS_MARKER } from '../../../bench/report.js';

const FIGURES = [
  'cache ingest',
  'initial sync',
  'inbox query (total remembered)',
  'inbox query (right after a change)',
  'search',
  'hub ingest (sustained',
  'hub ingest latency at 500/s',
  'memory: main-process core RSS',
  'memory: renderer JS heap',
  'first paint',
  'live burst',
];
const HAND_WRITTEN = `${LIMITS_MARKER}\n\n## What limits each figure\n\nkept across runs\n`;

let dir = '';
let stdout = '';
let stderr = '';
let exitCode: number | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-bench-test-'));
  const out = join(dir, 'benchmarks.md');
  writeFileSync(out, `# old generated part\n\n${HAND_WRITTEN}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('measures every figure without failing', () => {
    expect(exitCode, stderr.slice(-3000)).toBe(0);
    expect(stdout).not.toMatch(/\bfailed\b/);
  });

  it('prints a table with every figure, its baseline, ratio, target and verdict', () => {
    expect(stdout).toMatch(/figure\s+measured\s+baseline\s+ratio\s+target\s+met\?/);
    for (const figure of FIGURES) {
      const line = stdout.split('\n').find((l) => l.startsWith(figure));
      expect(line, figure).toBeDefined();
      expect(line).toMatch(/\s(yes|NO)\s*$/);
    }
  });

  it('shows the initial sync progress while it runs', () => {
    expect(stderr).toMatch(/initial sync progress: [\d,]+ \/ [\d,]+ events/);
  });

  it('writes the markdown report with machine facts, every figure and the hand-written limits kept', () => {
    const markdown = readFileSync(join(dir, 'benchmarks.md'), 'utf8');
    expect(markdown).toMatch(/^# Benchmarks/);
    expect(markdown).toContain('| figure | measured | baseline | ratio | target | met? |');
    expect(markdown).toMatch(/CPU: .+ × \d+ cores/);
    expect(markdown).toMatch(/Node v\d+/);
    expect(markdown).not.toContain('old generated part');
    for (const figure of FIGURES) expect(markdown).toContain(`| ${figure}`);
    expect(markdown.endsWith(HAND_WRITTEN)).toBe(true);
  });
});
