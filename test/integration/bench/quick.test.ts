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
import { haproxyConfig } from '../../../bench/figures/hub-ingest-postgres.js';
import { LIMITS_MARKER } from '../../../bench/report.js';

const FIGURES = [
  'cache ingest',
  'initial sync',
  'inbox query (total remembered)',
  'inbox query (right after a change)',
  'search',
  'hub ingest (sustained',
  'hub ingest, batches of 1 (sustained',
  'hub ingest latency at 500/s',
  'hub ingest latency at 500/s, batches of 1',
  'hub ingest on Postgres, 1 node (sustained',
  'hub ingest on Postgres, 2 nodes behind HAProxy (stored)',
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
}, 600_000);

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

  it('stores every webhook of the Postgres figures, on one node and on two behind HAProxy', () => {
    const markdown = readFileSync(join(dir, 'benchmarks.md'), 'utf8');
    expect(markdown).not.toMatch(/hub ingest (on Postgres )?problem/);
    const twoNodes = /2 nodes: two hub processes .* answered ([\d,]+) webhooks .*\(([\d,]+) messages stored\)/.exec(
      markdown,
    );
    expect(Number(twoNodes?.[1]?.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(twoNodes?.[2]).toBe(twoNodes?.[1]);
    expect(markdown).toMatch(/batches of 1: the same load on a second hub/);
  });

  it('runs deploy/haproxy/switchboard.cfg with only its bind address and servers replaced', () => {
    const config = haproxyConfig(4567, ['http://127.0.0.1:1001', 'http://127.0.0.1:1002']);
    expect(config).toMatch(/^\s*bind 127\.0\.0\.1:4567$/m);
    expect(config.match(/^\s*server /gm)).toHaveLength(2);
    expect(config).toMatch(/^\s*server node2 127\.0\.0\.1:1002$/m);
    expect(config).toMatch(/^\s*timeout tunnel /m);
    expect(config).toMatch(/^\s*option httpchk GET \/ready$/m);
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
