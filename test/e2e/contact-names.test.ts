/**
 * LINE customers with names (issue 13 §3): a customer LINE has a profile for shows with their LINE
 * name in the inbox and the conversation header; one without a profile reads 「LINE ユーザー · 末尾4文字」,
 * never the 33-character id; an agent renames a contact and writes a note in the contact panel.
 */
import { randomBytes } from 'node:crypto';
import { encodePng } from '../../src/node-shared/media-encoding.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/shared/domain.js';
import type { TestAgent } from '../helpers/hub.js';
import { setLinePicture, setLineProfile } from '../../src/fake-provider/line.js';
import { lineHeaders } from '../integration/channels/harness.js';
import { expectAccessible } from './harness/accessibility.js';
import { inboxRow, openConversation, signInCaughtUp } from './harness/agent-steps.js';
import { startWorld, type World } from './harness/world.js';

const SECRET = 'line-e2e-secret';

let world: World;
let aiko: TestAgent;
let line: Channel;

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  line = await world.hub.createChannel({
    kind: 'line',
    name: 'LINE Shop',
    credentials: {
      channelSecret: SECRET,
      channelAccessToken: `line-${randomBytes(6).toString('hex')}`,
      apiBaseUrl: world.fake.baseUrlFor('line'),
    },
    linkAgentIds: [aiko.agent.id],
  });
});

afterAll(async () => {
  await world?.stop();
});

async function lineCustomerWrites(userId: string, text: string): Promise<void> {
  const id = String(Date.now()) + String(Math.floor(Math.random() * 1000));
  const body = JSON.stringify({
    destination: 'Ubot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: `01HE2E${id}`,
        deliveryContext: { isRedelivery: false },
        replyToken: `reply-${id}`,
        source: { type: 'user', userId },
        message: { id, type: 'text', text },
      },
    ],
  });
  const res = await world.hub.api('POST', `/webhooks/${line.id}`, { body, headers: lineHeaders(SECRET, body) });
  expect(res.status).toBe(200);
}

describe('LINE customers with names', () => {
  it('shows the LINE name, a readable fallback in Japanese, and lets the agent rename and note', async () => {
    const named = 'U0e2e0000000000000000000000000001';
    const unnamed = 'U0e2e00000000000000000000000007c3a';
    setLineProfile(world.fake.state, { userId: named, displayName: '佐藤 花子', language: 'ja' });
    await lineCustomerWrites(named, '予約を変更したいです');
    await lineCustomerWrites(unnamed, 'こんにちは');

    const app = await world.openApp('ja-JP', { width: 1280, height: 720 });
    try {
      await signInCaughtUp(app, world.hub.url, aiko, 'ja-JP');
      const { page } = app;
      await inboxRow(page, '佐藤 花子').waitFor();
      await inboxRow(page, 'LINE ユーザー · 7c3a').waitFor();
      expect(await page.locator('.inbox-row', { hasText: unnamed }).count()).toBe(0);

      await openConversation(page, 'LINE ユーザー · 7c3a');
      const panel = page.locator('aside.contact-panel');
      await panel.getByRole('button', { name: 'LINE ユーザー · 7c3a の名前' }).click();
      const nameBox = panel.getByLabel('名前', { exact: true });
      await nameBox.fill('山本 健');
      await nameBox.press('Enter');
      await page.locator('.conversation-header h2', { hasText: '山本 健' }).waitFor();
      await inboxRow(page, '山本 健').waitFor();
      await panel.getByText('エージェントが設定した名前').waitFor();

      const notes = panel.getByLabel('メモ');
      await notes.fill('平日の午前中に連絡希望。');
      await panel.getByRole('button', { name: 'メモを保存' }).click();
      await panel.locator('form.contact-notes').getByText('保存しました。').waitFor();
      await expectAccessible(page, 'contact panel with rename and notes');

      await openConversation(page, '佐藤 花子');
      await page.locator('.conversation-header h2', { hasText: '佐藤 花子' }).waitFor();
      expect(await panel.getByLabel('メモ').inputValue()).toBe('');
      // The note was stored on the hub and came back through the cache: it is there when the agent returns.
      await openConversation(page, '山本 健');
      await expect.poll(() => panel.getByLabel('メモ').inputValue()).toBe('平日の午前中に連絡希望。');
    } finally {
      await app.close();
    }
  });

  it("shows a LINE customer's picture in the row, the header and the contact panel, and initials for one without", async () => {
    const pictured = 'U0e2e00000000000000000000000000a1';
    const size = 32;
    const pixels = Buffer.alloc(size * size * 3, 0);
    for (let i = 0; i < pixels.length; i += 3) pixels[i] = 0xd0;
    const picture = setLinePicture(world.fake.state, 'e2e-avatar.png', encodePng(pixels, size, size, 3), 'image/png');
    setLineProfile(world.fake.state, {
      userId: pictured,
      displayName: '高橋 美咲',
      pictureUrl: `${world.fake.baseUrlFor('line')}${picture}`,
    });
    await lineCustomerWrites(pictured, '写真付きのプロフィールです');
    setLineProfile(world.fake.state, { userId: 'U0e2e00000000000000000000000000b2', displayName: 'Ken Ito' });
    await lineCustomerWrites('U0e2e00000000000000000000000000b2', 'No picture here');

    const app = await world.openApp('en-US', { width: 1280, height: 720 });
    try {
      await signInCaughtUp(app, world.hub.url, aiko, 'en-US');
      const { page } = app;
      const row = inboxRow(page, '高橋 美咲');
      const rowPicture = row.locator('img.avatar');
      await rowPicture.waitFor();
      await expect
        .poll(() => rowPicture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
        .toBe(size);
      expect(await rowPicture.getAttribute('alt')).toBe('');
      await openConversation(page, '高橋 美咲');
      await page.locator('.conversation-header img.avatar').waitFor();
      await page.locator('aside.contact-panel img.avatar').waitFor();
      await expectAccessible(page, 'conversation with a customer picture');
      // A customer without a picture keeps their initials.
      await expect.poll(() => inboxRow(page, 'Ken Ito').locator('.avatar-initials').textContent()).toBe('KI');
    } finally {
      await app.close();
    }
  });
});
