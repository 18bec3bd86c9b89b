/**
 * A live burst as the agent sees it: 1,000 customer messages over 100
 * conversations committed on a real hub at once and pushed to a signed-in
 * client core, whose built renderer shows the inbox in headless Chromium
 * (window.api bound to the service through the IPC guard, as the other
 * renderer figures do). Measured: from the hub's commit (its push goes out
 * right after) to the inbox showing the burst's last message, and how many
 * data reads the renderer made for it against the rows on screen that
 * changed. No baseline: the targets are absolute.
 */
import type { Page } from 'playwright-core';
import type { InboundEvent } from '../../src/hub/channels/types.js';
import type { ClientService } from '../../src/main/core/client-service.js';
import { bindClientService, launchChromium } from '../../test/helpers/api-bridge.js';
import { startSignedInClient } from '../../test/helpers/client.js';
import { startHub } from '../../test/helpers/hub.js';
import type { TempDir } from '../data/temp-dir.js';
import { NO_BASELINE, type FigureOutcome } from '../figure.js';
import { fmtInt, fmtMs, note } from '../measure.js';
import { INBOX_ROW } from '../renderer/bench-app.js';
import { serveStatic } from '../renderer/static-server.js';
import type { BenchSizes } from '../sizes.js';

const TARGET_MS = 500;
/** What the renderer reads data with (every other method acts or reads settings). */
const DATA_READS = new Set([
  'listConversations',
  'getConversation',
  'listMessages',
  'getUnreadCount',
  'listChannels',
  'listTemplates',
  'listCannedReplies',
  'listAssignableAgents',
]);

function customerText(customer: number, n: number, at: number, text: string): InboundEvent {
  return {
    type: 'message',
    providerMessageId: `pm-live-${n}-${customer}-${at}`,
    sender: { externalId: `live-${customer}`, name: `Customer ${customer}`, phone: null, username: null },
    threadKey: null,
    kind: 'text',
    text,
    media: [],
    meta: {},
    at,
    replyToken: null,
  };
}

interface Read {
  readonly method: string;
  readonly at: number;
  doneAt: number;
}

/** The service with its data reads recorded (the page reaches it only through these methods). */
function counting(service: ClientService, reads: Read[]): ClientService {
  return new Proxy(service, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        const result: unknown = Reflect.apply(value, target, args);
        if (!DATA_READS.has(name)) return result;
        const read: Read = { method: name, at: Date.now(), doneAt: Date.now() };
        reads.push(read);
        return Promise.resolve(result).finally(() => (read.doneAt = Date.now()));
      };
    },
  });
}

/**
 * Installed in the page before it loads: `__watchFor(from)` records (wall clock, shared with Node)
 * in `__shownAt` when every inbox row on screen shows a message numbered `from` or later (each
 * conversation's last of the burst: the burst is on screen).
 */
const WATCH_SCRIPT = `(() => {
  window.__watchFor = (from) => {
    delete window.__shownAt;
    const shown = () => {
      const rows = [...document.querySelectorAll(${JSON.stringify(INBOX_ROW)})];
      return rows.length > 0 && rows.every((el) => Number((/burst (\\d+)/.exec(el.textContent) ?? [])[1] ?? -1) >= from);
    };
    new MutationObserver((_records, observer) => {
      if (!shown()) return;
      window.__shownAt = Date.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true, characterData: true });
  };
})();`;

interface Watched {
  __watchFor?: (from: number) => void;
  __shownAt?: number;
}

async function watchFor(page: Page, from: number): Promise<void> {
  await page.evaluate((n) => (globalThis as Watched).__watchFor?.(n), from);
}

async function shownAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as Watched).__shownAt, null, {
    timeout: 60_000,
    polling: 20,
  });
  const at: unknown = await handle.jsonValue();
  if (typeof at !== 'number') throw new Error('the burst was not recorded as shown');
  return at;
}

export async function benchLiveBurst(sizes: BenchSizes, temp: TempDir, rendererDir: string): Promise<FigureOutcome> {
  const messages = sizes.burstMessages;
  const conversations = sizes.burstConversations;
  const hub = await startHub({ config: { logLevel: 'silent' } });
  const server = await serveStatic(rendererDir);
  const browser = await launchChromium();
  const dir = temp.sub('live-burst');
  try {
    const agent = await hub.createAgent({ name: 'Bench Agent' });
    const channel = await hub.createChannel({ kind: 'whatsapp', linkAgentIds: [agent.agent.id] });
    // The conversations exist before the burst, as on a working day.
    const start = hub.clock.now() - 3_600_000;
    await hub.ingest(
      channel.id,
      Array.from({ length: conversations }, (_, c) => customerText(c, -1, start + c, `earlier ${c}`)),
    );
    const client = await startSignedInClient({ dataDir: dir, hubUrl: hub.url, agent });
    const reads: Read[] = [];
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const unbind = await bindClientService(page, counting(client.service, reads), () => undefined);
    await page.addInitScript({ content: WATCH_SCRIPT });
    try {
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector(INBOX_ROW, { timeout: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await watchFor(page, messages - conversations);
      reads.length = 0;

      note(`live burst: ${fmtInt(messages)} messages over ${fmtInt(conversations)} conversations`);
      let changedAt = 0;
      const stopWatching = client.service.onEvent((event) => {
        if (event.type === 'changes' && changedAt === 0) changedAt = Date.now();
      });
      const at = hub.clock.now();
      const burst = Array.from({ length: messages }, (_, n) =>
        customerText(n % conversations, n, at + n, `burst ${n}`),
      );
      await hub.ingest(channel.id, burst);
      const committedAt = Date.now();
      const shown = (await shownAt(page)) - committedAt;
      stopWatching();
      const core = changedAt - committedAt;
      const firstRead = reads[0];
      const asked = firstRead
        ? `${fmtMs(firstRead.at - committedAt)} when the renderer asked for the rows, answered at ${fmtMs(firstRead.doneAt - committedAt)}`
        : 'no read';
      // Reads still running when the last one showed are the burst's too.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const changedRows = await page.locator(INBOX_ROW).count();
      const fetches = reads.length;
      const met = shown <= TARGET_MS && fetches <= changedRows;
      return {
        rows: [
          {
            figure: 'live burst',
            measured: `${fmtMs(shown)}, ${fmtInt(fetches)} reads / ${fmtInt(changedRows)} rows`,
            baseline: NO_BASELINE,
            ratio: NO_BASELINE,
            target: `≤ ${TARGET_MS} ms, ≤ 1 read per row`,
            met,
          },
        ],
        notes: [
          `live burst: ${fmtInt(messages)} customer messages over ${fmtInt(conversations)} conversations committed at once on a real hub (same process), pushed to a signed-in client core, built renderer in headless Chromium at 1280×720 with the inbox open: ${fmtMs(shown)} from the commit to every inbox row on screen showing its conversation's last message of the burst (${fmtMs(core)} when the client core had applied the batch and emitted its one change, ${asked}); the renderer made ${fmtInt(fetches)} data reads (${[...new Set(reads.map((r) => r.method))].join(', ') || 'none'}) for ${fmtInt(changedRows)} changed rows in the DOM (every row on screen changed).`,
        ],
      };
    } finally {
      unbind();
      await context.close();
      await client.stop();
    }
  } finally {
    await browser.close();
    await server.close();
    await hub.stop();
  }
}
