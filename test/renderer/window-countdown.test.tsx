/** The session-window countdown: seconds in the last minutes (never "0m left" while time is left), in en and ja. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { InboxRow } from '../../src/renderer/src/features/inbox/inbox-row.js';
import { formatDuration } from '../../src/renderer/src/i18n/translate.js';
import { HOUR } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('formatDuration', () => {
  it('shows seconds under a minute and minutes with seconds in the last minutes', () => {
    expect(formatDuration('en', 45 * SECOND)).toBe('45s');
    expect(formatDuration('ja', 45 * SECOND)).toBe('45秒');
    expect(formatDuration('en', 75 * SECOND)).toBe('1m 15s');
    expect(formatDuration('ja', 75 * SECOND)).toBe('1分15秒');
    expect(formatDuration('en', 4 * MINUTE + 5 * SECOND)).toBe('4m 05s');
    expect(formatDuration('en', 25 * MINUTE + 30 * SECOND)).toBe('25m');
    expect(formatDuration('ja', 25 * MINUTE)).toBe('25分');
    expect(formatDuration('en', 3 * HOUR + 20 * MINUTE)).toBe('3h 20m');
    expect(formatDuration('ja', 3 * HOUR + 20 * MINUTE)).toBe('3時間20分');
  });
});

describe('window countdown', () => {
  it('the inbox row chip shows seconds with 75 s left and keeps counting down', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 24 * HOUR + 75 * SECOND });
    renderWithStore(<InboxRow row={s.row} selected={false} now={Date.now()} onSelect={() => undefined} />, s.api);
    const chip = screen.getByText(/left$/);
    expect(chip.textContent).toMatch(/^1m 1[45]s left$/);
    const first = chip.textContent;
    await waitFor(() => expect(chip.textContent).not.toBe(first), { timeout: 2500 });
    expect(chip.textContent).toMatch(/^1m 1[2-4]s left$/);
  });

  it('the composer says how many seconds of the window are left, in Japanese too', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 24 * HOUR + 45 * SECOND });
    const store = makeStore(s.api, { locale: 'ja-JP' });
    await store.getState().loadSession();
    await store.getState().openConversation(s.row.conversation.id, null);
    renderWithStore(<Composer />, s.api, store);
    expect(await screen.findByText(/^セッション期間: 残り 4[3-5]秒$/)).toBeTruthy();
  });
});
