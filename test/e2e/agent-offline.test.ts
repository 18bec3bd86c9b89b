/**
 * With the hub down the agent keeps working from the offline cache: the
 * inbox stays readable and searchable, a reply waits in the outbox, and when
 * the hub comes back the reply goes out exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import type { AgentApp } from './harness/browser-app.js';
import { bubble, eventually, inboxRow, openConversation, signIn } from './harness/agent-steps.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
let app: AgentApp | null = null;

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id] });
});

afterAll(async () => {
  await app?.close();
  await world?.stop();
});

function sentTexts(): string[] {
  return world.fake.state
    .callsTo('whatsapp', '/messages')
    .map((call) => call.json)
    .flatMap((json) =>
      typeof json === 'object' && json !== null && 'text' in json && typeof json.text === 'object' && json.text
        ? [String('body' in json.text ? json.text.body : '')]
        : [],
    );
}

describe('agent client offline e2e', () => {
  it('with the hub stopped the inbox stays readable and searchable, and a reply goes out once when it returns', async () => {
    const a = await world.openApp('en-US');
    app = a;
    await signIn(a.page, world.hub.url, aiko);
    await world.customerWrites(tokyo, '819055550001', '荷物がまだ届きません', { name: '佐藤 健' });
    await world.customerWrites(tokyo, '819055550002', 'Where can I download my invoice?', { name: 'Emma Clark' });
    await inboxRow(a.page, 'Emma Clark').waitFor();
    await inboxRow(a.page, '佐藤 健').waitFor();

    await world.hub.halt();
    const banner = a.page.locator('.connection-banner');
    await banner.getByText(/Offline|Reconnecting/).waitFor();
    await banner.getByText(/Synced up to/).waitFor();

    // Readable: the conversation opens from the cache.
    await openConversation(a.page, '佐藤 健');
    await bubble(a.page, '荷物がまだ届きません').waitFor();

    // Searchable: offline full-text search, Japanese included.
    await a.page.getByRole('searchbox', { name: 'Search messages' }).fill('荷物');
    const results = a.page.getByRole('list', { name: 'Search results' });
    await results.locator('mark', { hasText: '荷物' }).waitFor();
    await results.getByRole('button').first().click();
    await a.page.getByRole('searchbox', { name: 'Search messages' }).fill('');

    // A reply waits in the outbox.
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('確認して折り返しご連絡します。');
    await a.page.keyboard.press('Enter');
    const reply = bubble(a.page, '確認して折り返しご連絡します。');
    await reply.getByText('Waiting to send').waitFor();
    await banner.getByText('Replies waiting to send: 1').waitFor();

    await a.page.getByTitle('Settings').click();
    await a.page.getByLabel('Language').selectOption('ja');
    await a.page.keyboard.press('Escape');
    await a.page.getByRole('dialog').waitFor({ state: 'detached' });
    await banner.getByText('送信待ちの返信 1 件').waitFor();
    expect(sentTexts()).not.toContain('確認して折り返しご連絡します。');

    // The hub returns: the reply goes out, once.
    await world.hub.resume();
    await reply.locator('[data-state="sent"]').waitFor({ timeout: 60_000 });
    await eventually('the provider to receive the reply', () => sentTexts().includes('確認して折り返しご連絡します。'));
    await banner.waitFor({ state: 'detached' });
    expect(sentTexts().filter((text) => text === '確認して折り返しご連絡します。')).toHaveLength(1);
    expect(await a.page.locator('article.message', { hasText: '確認して折り返しご連絡します。' }).count()).toBe(1);
  });
});
