/**
 * What the agent sees: first paint of the inbox from the warm 100,000-
 * conversation cache, and the renderer's JS heap with that inbox listed and
 * scrolled to its end (Chromium, measured through the DevTools protocol
 * after a forced GC). No baselines: the targets are absolute.
 */
import type { Browser, Page } from 'playwright-core';
import type { BigCache } from '../data/big-cache.js';
import { NO_BASELINE, type FigureOutcome } from '../figure.js';
import { fmtInt, fmtMs, median, note } from '../measure.js';
import { launchChromium } from '../../test/helpers/api-bridge.js';
import { INBOX_ROW, loadInbox, openBenchApp } from '../renderer/bench-app.js';
import { serveStatic } from '../renderer/static-server.js';
import type { BenchSizes } from '../sizes.js';

const TARGET_PAINT_MS = 500;

export interface RendererFigures {
  readonly paint: FigureOutcome;
  readonly heapBytes: number;
  readonly heapNote: string;
}

/**
 * Polls (from Node: the page's CSP forbids evaluating strings) until the list shows loaded rows
 * where it is scrolled to: right after a scroll the rows of the old position are still in the DOM
 * and the new ones are placeholders until their page arrives, so neither counts. Returns the rows.
 */
async function waitForLoadedRows(page: Page): Promise<number> {
  const list = page.locator('.inbox-list');
  // A page deep in 100,000 rows takes seconds on a loaded machine (OFFSET walks the rows before it).
  const deadline = Date.now() + 180_000;
  for (;;) {
    const state = await list.evaluate((el) => {
      const top = el.scrollTop;
      const bottom = top + el.clientHeight;
      let rows = 0;
      let placeholders = 0;
      for (const item of Array.from(el.querySelectorAll('.virtual-row'))) {
        const box = item as unknown as {
          style: { transform: string };
          offsetHeight: number;
          querySelector(selector: string): unknown;
        };
        // Chromium gives large offsets in exponent form: translateY(1.82286e+06px).
        const start = Number(/translateY\(([-+\d.e]+)px\)/.exec(box.style.transform)?.[1] ?? -1);
        if (start + box.offsetHeight <= top || start >= bottom) continue;
        if (box.querySelector('.inbox-row.placeholder')) placeholders += 1;
        else if (box.querySelector('[data-conversation-id]')) rows += 1;
      }
      return { rows, placeholders };
    });
    if (state.rows > 0 && state.placeholders === 0) return state.rows;
    if (Date.now() > deadline) throw new Error('the inbox rows did not load after scrolling');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measureHeap(browser: Browser, url: string, big: BigCache): Promise<{ bytes: number; rows: number }> {
  const app = await openBenchApp(browser, url, big);
  try {
    await loadInbox(app.page, url);
    const list = app.page.locator('.inbox-list');
    // Scroll to the middle and the end so pages far down the 100,000 rows are loaded too.
    for (const toEnd of [false, true]) {
      await list.evaluate((el, end) => {
        el.scrollTop = end ? el.scrollHeight : el.scrollHeight / 2;
      }, toEnd);
      await waitForLoadedRows(app.page);
    }
    // Measured with the rows at the end on screen (the virtual list keeps only those, plus overscan).
    const rows = await app.page.locator(INBOX_ROW).count();
    if (rows === 0) throw new Error('no inbox rows in the DOM after scrolling');
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return { bytes: heap.usedSize, rows };
  } finally {
    await app.close();
  }
}

async function measurePaint(browser: Browser, url: string, big: BigCache, runs: number): Promise<number[]> {
  const app = await openBenchApp(browser, url, big);
  try {
    await loadInbox(app.page, url); // warm-up: the cache file and the page's code are in memory afterwards
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) samples.push(await loadInbox(app.page, url));
    return samples;
  } finally {
    await app.close();
  }
}

export async function benchRenderer(sizes: BenchSizes, big: BigCache, rendererDir: string): Promise<RendererFigures> {
  const server = await serveStatic(rendererDir);
  const browser = await launchChromium();
  try {
    note(`first paint: ${sizes.paintRuns} loads of the inbox from the warm cache`);
    const samples = await measurePaint(browser, server.url, big, sizes.paintRuns);
    note('renderer heap: the inbox listed and scrolled to its end');
    const heap = await measureHeap(browser, server.url, big);
    const paint = median(samples);
    const conversations = fmtInt(big.corpus.shape.conversations);
    return {
      paint: {
        rows: [
          {
            figure: 'first paint',
            measured: `${fmtMs(paint)} (median)`,
            baseline: NO_BASELINE,
            ratio: NO_BASELINE,
            target: `≤ ${TARGET_PAINT_MS} ms`,
            met: paint <= TARGET_PAINT_MS,
          },
        ],
        notes: [
          `first paint: navigation start → first inbox row in the DOM, built renderer in headless Chromium, window.api bound to the client service on the warm ${conversations}-conversation cache; ${samples.length} loads after one warm-up: ${samples.map((s) => fmtMs(s)).join(', ')}.`,
        ],
      },
      heapBytes: heap.bytes,
      heapNote: `renderer heap: used JS heap after a forced GC (DevTools Runtime.getHeapUsage) with ${conversations} conversations in the virtualized inbox, scrolled to the middle and the end (${heap.rows} rows in the DOM).`,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
