/**
 * The agent client end to end: the built renderer in Chromium, `window.api`
 * bound to the real client service, a real hub on loopback, the fake
 * WhatsApp provider behind it, customers writing through signed webhooks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Message } from '../../src/shared/domain.js';
import type { TestAgent } from '../helpers/hub.js';
import { approvedWhatsappTemplate } from '../helpers/whatsapp-templates.js';
import type { AgentApp } from './harness/browser-app.js';
import {
  bubble,
  eventually,
  inboxRow,
  openConversation,
  pageCondition,
  signIn,
  signInCaughtUp,
} from './harness/agent-steps.js';
import { makePdf, makePng, makeWav, recordWebm } from './harness/media-fixtures.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

const HOUR = 60 * 60 * 1000;
let world: World;
let aiko: TestAgent;
let kenji: TestAgent;
let tokyo: WhatsAppChannel;
let app: AgentApp | null = null;
let customer = 819011110000;

function nextCustomer(): string {
  customer += 1;
  return String(customer);
}

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  kenji = await world.createAgent('Kenji Mori');
  const mai = await world.createAgent('Mai Ito');
  tokyo = await world.createWhatsAppChannel({
    name: 'Tokyo Support',
    linkAgentIds: [aiko.agent.id, kenji.agent.id],
    credits: 50,
  });
  await world.createWhatsAppChannel({ name: 'Osaka Support', linkAgentIds: [mai.agent.id] });
});

afterEach(async () => {
  await app?.close();
  app = null;
});

afterAll(async () => {
  await world?.stop();
});

/** Signed in, connected and caught up: from here on the agent is online (and can be assigned). */
async function signedInApp(locale = 'en-US'): Promise<AgentApp> {
  const opened = await world.openApp(locale);
  app = opened;
  await signInCaughtUp(opened, world.hub.url, aiko, locale);
  return opened;
}

/** The hub's copy of the conversation's messages (admin read API), newest first. */
async function hubMessages(conversationId: string): Promise<Message[]> {
  const res = await world.hub.api('GET', `/api/conversations/${conversationId}/messages?limit=50`, {
    token: world.hub.adminToken,
  });
  return z.object({ items: z.array(Message) }).parse(res.body).items;
}

async function conversationIdOf(a: AgentApp, contactName: string): Promise<string> {
  const id = await inboxRow(a.page, contactName).getAttribute('data-conversation-id');
  if (!id) throw new Error(`no conversation row for ${contactName}`);
  return id;
}

let video: Buffer | null = null;

/** A customer sends a photo, a video, a voice recording and a PDF. */
async function customerSendsEveryMediaKind(name: string): Promise<void> {
  video ??= await recordWebm(world.browser);
  const from = nextCustomer();
  const photo = { type: 'image', bytes: makePng(), mimeType: 'image/png', caption: 'The box was crushed' } as const;
  await world.customerSends(tokyo, from, photo, name);
  await world.customerSends(tokyo, from, { type: 'video', bytes: video, mimeType: 'video/webm' }, name);
  await world.customerSends(tokyo, from, { type: 'audio', bytes: makeWav(1), mimeType: 'audio/wav' }, name);
  const pdf = {
    type: 'document',
    bytes: makePdf(),
    mimeType: 'application/pdf',
    fileName: 'invoice-1042.pdf',
  } as const;
  await world.customerSends(tokyo, from, pdf, name);
}

describe('agent client e2e', () => {
  it('an agent signs in to the hub and sees the inbox', async () => {
    app = await world.openApp('en-US');
    await app.page.getByRole('heading', { name: 'Switchboard' }).waitFor();
    await signIn(app.page, world.hub.url, aiko);
    expect(await app.page.getByRole('tab', { name: 'Mine' }).isVisible()).toBe(true);
    expect(await app.page.title()).toBe('Switchboard');
  });

  it("a customer's WhatsApp message appears with a notification and the unread badge", async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'My order #5521 has not arrived', { name: 'Haruto Kobayashi' });
    await inboxRow(a.page, 'Haruto Kobayashi').waitFor();
    expect(await inboxRow(a.page, 'Haruto Kobayashi').textContent()).toContain('My order #5521 has not arrived');
    await a.page.locator('.toast', { hasText: 'My order #5521 has not arrived' }).waitFor();
    await a.page.getByTestId('unread-total').waitFor();
    expect(Number(await a.page.getByTestId('unread-total').textContent())).toBeGreaterThanOrEqual(1);
    await pageCondition(a.page, '/^\\(\\d+\\) Switchboard$/.test(document.title)');
  });

  it('the agent replies and sees the reply delivered', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Can I change the delivery address?', { name: 'Yui Nakamura' });
    await openConversation(a.page, 'Yui Nakamura');
    const conversationId = await conversationIdOf(a, 'Yui Nakamura');
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Of course — which address should we use?');
    await a.page.keyboard.press('Enter');
    const reply = bubble(a.page, 'Of course — which address should we use?');
    await reply.locator('[data-state="sent"]').waitFor();

    const sent = await eventually('the provider id of the reply', async () =>
      (await hubMessages(conversationId)).find((m) => m.direction === 'out' && m.providerMessageId),
    );
    await world.providerReports(tokyo, sent.providerMessageId ?? '', 'delivered');
    await reply.locator('[data-state="delivered"]').waitFor();
    expect(await reply.textContent()).toContain('Delivered');
  });

  it('a file the agent attaches reaches the provider byte for byte', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Could you send the invoice again?', { name: 'Sota Yamada' });
    await openConversation(a.page, 'Sota Yamada');
    // A real PDF followed by every byte value: the renderer reads it as bytes, Playwright's binding
    // (like Electron's IPC) carries them as a Uint8Array, and any text or base64 step would show.
    const pdf = Buffer.concat([makePdf('Invoice 2077'), Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i))]);
    const fileName = 'invoice-2077.pdf';
    await a.page.getByTestId('file-picker').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: pdf });
    await a.page.getByRole('button', { name: `Remove ${fileName}` }).waitFor();
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Here is the invoice');
    await a.page.keyboard.press('Enter');
    const upload = await eventually('the provider to receive the file', async () =>
      world.fake.state
        .callsTo('whatsapp', '/media')
        .flatMap((call) => call.parts ?? [])
        .find((part) => part.name === 'file' && part.fileName === fileName),
    );
    expect(upload.data.equals(pdf)).toBe(true);
  });

  it('the reassign dialog lists exactly the agents linked to the channel', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Please call me back', { name: 'Sota Yamamoto' });
    await openConversation(a.page, 'Sota Yamamoto');
    await a.page.keyboard.press('a');
    const dialog = a.page.getByRole('dialog', { name: 'Assign conversation' });
    await dialog.getByRole('button', { name: 'Assign to Kenji Mori' }).waitFor();
    const names = await dialog.locator('.agent-name').allTextContents();
    expect(names.sort()).toEqual(['Aiko Tanaka', 'Kenji Mori']);

    await dialog.getByRole('button', { name: 'Assign to Kenji Mori' }).click();
    await a.page.getByRole('button', { name: /Assigned to Kenji Mori/ }).waitFor();
    const conversationId = await conversationIdOf(a, 'Sota Yamamoto');
    const res = await world.hub.api('GET', `/api/conversations/${conversationId}`, { token: world.hub.adminToken });
    expect(res.body).toMatchObject({ assigneeId: kenji.agent.id });
  });

  it('image, video, audio and PDF attachments preview in the conversation', async () => {
    const a = await signedInApp();
    const name = 'Rin Saito';
    await customerSendsEveryMediaKind(name);
    await inboxRow(a.page, name).waitFor();
    await openConversation(a.page, name);
    const page = a.page;
    // Tall enough for the whole thread: the message list only renders the rows on screen.
    await page.setViewportSize({ width: 1280, height: 2000 });

    // Page-side checks are strings: the test's tsconfig has no DOM types (it runs in Node).
    await pageCondition(
      page,
      `(() => {
      const img = document.querySelector('.image-preview img');
      return img !== null && img.complete && img.naturalWidth === 160;
    })()`,
    );
    await pageCondition(
      page,
      `(() => {
      const v = document.querySelector('video.video-preview');
      return v !== null && v.readyState >= 1 && v.videoWidth === 160 && v.error === null;
    })()`,
    );
    await pageCondition(
      page,
      `(() => {
      const au = document.querySelector('audio.audio-preview');
      return au !== null && au.readyState >= 1 && Math.abs(au.duration - 1) < 0.1;
    })()`,
    );
    await page.getByText('PDF page 1 of 1').waitFor();
    // The orange band of the test PDF: pdf.js really drew the page.
    await pageCondition(
      page,
      `(() => {
        const canvas = document.querySelector('.pdf-preview canvas');
        const ctx = canvas && canvas.getContext('2d');
        if (!ctx || canvas.width === 0) return false;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 2] < 80) coloured += 1;
        return coloured > 100;
      })()`,
    );
    expect(await page.getByRole('link', { name: 'Save' }).getAttribute('download')).toBe('invoice-1042.pdf');

    await page.getByRole('button', { name: 'Enlarge image' }).click();
    await page.getByRole('dialog', { name: 'Image' }).waitFor();
    await page.keyboard.press('Escape');
    // Everything above loaded under the shipped policy (with the harness's /media/ standing in for sbmedia:).
    expect(a.cspViolations).toEqual([]);
  });

  it('the page reaches no network: not the hub, not another loopback port, only the app and its attachments', async () => {
    const a = await signedInApp();
    const tryFrom = (url: string) =>
      a.page.evaluate(`fetch(${JSON.stringify(url)}, { mode: 'no-cors' }).then(() => 'loaded', () => 'refused')`);
    // The main process talks to the hub; a page that could would let injected markup reach the team's network.
    expect(await tryFrom(`${world.hub.url}/health`)).toBe('refused');
    expect(await tryFrom(`${world.fake.baseUrlFor('whatsapp')}/`)).toBe('refused');
    // An image from loopback is refused by the policy too (the browser reports which directive refused it).
    await a.page.evaluate(`{ const img = new Image(); img.src = ${JSON.stringify(`${world.hub.url}/logo.png`)}; }`);
    await eventually('the image refusal to be reported', () =>
      a.cspViolations.some((line) => line.includes('img-src')),
    );
    const refusedConnect = (url: string) => a.cspViolations.some((l) => l.includes(url) && l.includes('connect-src'));
    expect(refusedConnect(world.hub.url)).toBe(true);
    expect(refusedConnect(world.fake.baseUrlFor('whatsapp'))).toBe(true);
  });

  it('after the WhatsApp window has closed the agent sends an approved template', async () => {
    // Approved by Meta, as a sync from the WhatsApp Business Account stores it.
    const { id: templateId } = await approvedWhatsappTemplate(world.hub.hub, tokyo.channel.id, {
      name: 'delivery_follow_up',
      language: 'en',
      body: 'Hello {{1}}, this is {{2}} following up on your delivery.',
      placeholders: ['contact.name', 'agent.name'],
    });

    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Thanks, bye', {
      name: 'Kaito Suzuki',
      at: Date.now() - 26 * HOUR,
    });
    await openConversation(a.page, 'Kaito Suzuki');
    await a.page.getByText(/24-hour WhatsApp session window has closed/).waitFor();
    expect(await a.page.getByRole('textbox', { name: 'Reply' }).count()).toBe(0);

    await a.page.getByRole('combobox', { name: 'Template' }).selectOption(templateId);
    await a.page.getByTestId('template-preview').waitFor();
    expect(await a.page.getByTestId('template-preview').textContent()).toBe(
      'Hello Kaito Suzuki, this is Aiko Tanaka following up on your delivery.',
    );
    const before = world.fake.state.callsTo('whatsapp', '/messages').length;
    await a.page.getByRole('button', { name: 'Send template' }).click();
    const templateBubble = bubble(a.page, 'delivery_follow_up');
    await templateBubble.locator('[data-state="sent"]').waitFor();

    const calls = await eventually('the template call to the provider', () => {
      const all = world.fake.state.callsTo('whatsapp', '/messages');
      return all.length > before ? all.slice(before) : undefined;
    });
    expect(calls).toHaveLength(1);
    // The placeholders the agent saw filled in are what WhatsApp receives, in order (Cloud API body parameters).
    expect(calls[0]?.json).toMatchObject({
      type: 'template',
      template: {
        name: 'delivery_follow_up',
        language: { policy: 'deterministic', code: 'en' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Kaito Suzuki' },
              { type: 'text', text: 'Aiko Tanaka' },
            ],
          },
        ],
      },
    });
    // …and the thread shows the message as the customer reads it.
    expect(await templateBubble.textContent()).toContain(
      'Hello Kaito Suzuki, this is Aiko Tanaka following up on your delivery.',
    );
  });
});
