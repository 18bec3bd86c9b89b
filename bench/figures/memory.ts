/**
 * Memory: the main-process core's resident set with the 1,000,000-message
 * cache open and used (a child process running only the client service, so
 * nothing of the bench is counted), and the renderer's JS heap with the
 * 100,000-conversation inbox listed (measured by the renderer figures).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BigCache } from '../data/big-cache.js';
import { NO_BASELINE, type FigureOutcome } from '../figure.js';
import { fmtInt, fmtMb, note } from '../measure.js';
import type { RendererFigures } from './renderer.js';

const MB = 1024 * 1024;
const TARGET_CORE_MB = 300;
const TARGET_HEAP_MB = 200;
const CHILD = fileURLToPath(new URL('../children/core-memory.ts', import.meta.url));
const CoreMemory = z.object({ rss: z.number(), heapUsed: z.number(), conversations: z.number() });

function coreMemory(big: BigCache): Promise<z.infer<typeof CoreMemory>> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD], {
    env: { ...process.env, BENCH_DATA_DIR: big.dataDir, BENCH_SESSION_FILE: big.sessionFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || line === '')
        return reject(new Error(`core memory child exited with ${code}: ${err.slice(-1500)}`));
      resolve(CoreMemory.parse(JSON.parse(line)));
    });
  });
}

export async function benchMemory(big: BigCache, renderer: RendererFigures): Promise<FigureOutcome> {
  note('memory: the client core alone on the large cache');
  const core = await coreMemory(big);
  return {
    rows: [
      {
        figure: 'memory: main-process core RSS',
        measured: fmtMb(core.rss),
        baseline: NO_BASELINE,
        ratio: NO_BASELINE,
        target: `≤ ${TARGET_CORE_MB} MB`,
        met: core.rss <= TARGET_CORE_MB * MB,
      },
      {
        figure: 'memory: renderer JS heap',
        measured: fmtMb(renderer.heapBytes),
        baseline: NO_BASELINE,
        ratio: NO_BASELINE,
        target: `≤ ${TARGET_HEAP_MB} MB`,
        met: renderer.heapBytes <= TARGET_HEAP_MB * MB,
      },
    ],
    notes: [
      `memory: the client service alone in a Node process (tsx loader included) with the ${fmtInt(big.corpus.shape.messages)}-message cache open, after the inbox's first page (${fmtInt(core.conversations)} conversations), a conversation, three searches and the unread count, then a GC: RSS ${fmtMb(core.rss)}, JS heap ${fmtMb(core.heapUsed)}.`,
      renderer.heapNote,
    ],
  };
}
