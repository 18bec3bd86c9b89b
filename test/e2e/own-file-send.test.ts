/**
 * The agent's own file in the thread: while its reply waits in the outbox it is shown (and opened)
 * from the agent's staged copy, never asked of the hub, so no "no longer exists" error appears;
 * once the hub has stored it the thread shows the hub's attachment without a download.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestAgent } from '../helpers/hub.js';
import type { AgentApp } from './harness/browser-app.js';
import { bubble, eventually, openConversation, pageCondition } from './harness/agent-steps.js';
import { makePng } from './harness/media-fixtures.js';
import { type WhatsAppChannel, type World } from './harness/world.js';
import { e2eFile } from './harness/e2e-file.js';

const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id] });
});

async function signedInApp(): Promise<AgentApp> {
  return e2e.signedIn(aiko);
}

/** Every error toast that ever appears (one may come and go between two checks). */
async function recordErrorToasts(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__errorToasts = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.toast-error')) {
        if (!window.__errorToasts.includes(el.textContent)) window.__errorToasts.push(el.textContent);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}

const errorToasts = (page: Page): Promise<string[]> => page.evaluate('window.__errorToasts') as Promise<string[]>;

/** The image in the bubble is drawn (decoded from a URL the page could load). */
const imageShown = (text: string) =>
  `[...document.querySelectorAll('article.message')].some((m) => m.textContent.includes(${JSON.stringify(text)}) &&
     [...m.querySelectorAll('.image-preview img')].some((img) => img.complete && img.naturalWidth > 0))`;

const imageSrc = (page: Page, text: string) => bubble(page, text).locator('.image-preview img').getAttribute('src');

async function attachPhoto(page: Page, text: string): Promise<void> {
  await page.getByTestId('file-picker').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: makePng() });
  await page.getByRole('button', { name: 'Remove parcel.png' }).waitFor();
  await page.getByRole('textbox', { name: 'Reply' }).fill(text);
  await page.keyboard.press('Enter');
}

describe('the agent’s own file in the thread', () => {
  it('sending a photo online shows no error toast and ends on the hub’s copy', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, '819066660001', 'Can you show me the parcel?', { name: 'Yui Sato' });
    await openConversation(a.page, 'Yui Sato');
    await recordErrorToasts(a.page);

    await attachPhoto(a.page, 'This is your parcel');
    const reply = bubble(a.page, 'This is your parcel');
    await reply.locator('[data-state="sent"]').waitFor({ timeout: 30_000 });
    await pageCondition(a.page, imageShown('This is your parcel'));
    // The hub's attachment now, not the outbox's `<clientId>-0`.
    const sent = await a.service.listMessages({ conversationId: await conversationOf(a, 'This is your parcel') });
    const hubId = sent.messages.find((m) => m.text === 'This is your parcel')?.attachments[0]?.id ?? '';
    await eventually('the thread to show the hub’s attachment', async () =>
      (await imageSrc(a.page, 'This is your parcel'))?.includes(encodeURIComponent(hubId)),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await errorToasts(a.page)).toEqual([]);
  });

  it('with the hub halted the queued photo shows from the agent’s own copy, then stays shown once sent', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, '819066660002', 'Did you pack the blue one?', { name: 'Ren Kato' });
    await openConversation(a.page, 'Ren Kato');
    await recordErrorToasts(a.page);

    await world.hub.halt();
    await a.page
      .locator('.connection-banner')
      .getByText(/Offline|Reconnecting/)
      .waitFor();
    await attachPhoto(a.page, 'Yes, the blue one');
    const reply = bubble(a.page, 'Yes, the blue one');
    await reply.getByText('Waiting to send').waitFor();
    await pageCondition(a.page, imageShown('Yes, the blue one'));
    expect(await reply.getByText('Downloading…').count()).toBe(0);
    expect(await errorToasts(a.page)).toEqual([]);
    const queuedSrc = await imageSrc(a.page, 'Yes, the blue one');

    await world.hub.resume();
    await reply.locator('[data-state="sent"]').waitFor({ timeout: 60_000 });
    await pageCondition(a.page, imageShown('Yes, the blue one'));
    await eventually('the thread to show the hub’s attachment', async () => {
      const src = await imageSrc(a.page, 'Yes, the blue one');
      return src !== null && src !== queuedSrc ? src : undefined;
    });
    expect(await errorToasts(a.page)).toEqual([]);
  });
});

async function conversationOf(a: AgentApp, text: string): Promise<string> {
  return eventually('the conversation of the reply', async () => {
    const { rows } = await a.service.listConversations({});
    for (const row of rows) {
      const page = await a.service.listMessages({ conversationId: row.conversation.id });
      if (page.messages.some((m) => m.text === text)) return row.conversation.id;
    }
    return undefined;
  });
}
