/**
 * Conversations and tickets per issue in the workspace (docs/lifecycle.md, "Conversations and tickets"):
 * an ended conversation opened from past conversations is read-only (no composer, a line pointing at the
 * customer's newer conversation), from the cache alone; the ticket subject is edited in the side panel
 * and a conversation without a ticket is converted by hand, by agents with "update" only; the channel
 * page sets the reopen window and, when auto-convert is turned on, offers to convert open conversations.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ReopenWindowSetting } from '../../src/renderer/src/features/admin/channels/reopen-window-setting.js';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { ContactPanel } from '../../src/renderer/src/features/contact/contact-panel.js';
import { ChannelSettings, type Channel } from '../../src/shared/domain.js';
import { expectAccessible } from './axe.js';
import { HOUR, T0, makeAgent, makeConversation, makeRow } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function openIn(s: Scenario, conversationId: string, ui: React.ReactElement, locale = 'en-US') {
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  await store.getState().openConversation(conversationId, null);
  return renderWithStore(ui, s.api, store);
}

/** conv-1 (latest, open) and conv-old (resolved earlier) of the same contact. */
function withEndedConversation(): Scenario {
  const s = scenario();
  const old = makeConversation({
    id: 'conv-old',
    status: 'resolved',
    ticket: { id: 'ticket-0', number: 977, subject: 'Refund', createdAt: T0 },
    createdAt: T0,
    lastMessageAt: T0 + HOUR,
    lastMessagePreview: 'Thanks, refund received',
  });
  const latest = { ...s.row.conversation, createdAt: T0 + 2 * HOUR };
  s.api.rows = [makeRow(latest), makeRow(old)];
  s.api.pastConversations.set('conv-1', [old]);
  s.api.pastConversations.set('conv-old', [latest]);
  return s;
}

describe('an ended conversation', () => {
  it('opens read-only: no composer, a line with the newer conversation to open', async () => {
    const s = withEndedConversation();
    const { user, store, container } = await openIn(
      s,
      'conv-old',
      <>
        <Composer />
        <ContactPanel />
      </>,
    );
    const note = await screen.findByRole('note');
    expect(note.textContent).toContain('This conversation has ended. The customer’s newer conversation:');
    expect(container.querySelector('.composer textarea')).toBeNull();
    // Its ticket is shown, not editable.
    const panel = screen.getByRole('complementary', { name: 'Contact' });
    expect(within(panel).getByText(/977.*Refund/)).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Edit subject' })).toBeNull();
    await expectAccessible(container);

    await user.click(within(note).getByRole('button', { name: 'open' }));
    await waitFor(() => expect(store.getState().selectedId).toBe('conv-1'));
  });

  it('says so in Japanese too; the latest conversation keeps its composer', async () => {
    const s = withEndedConversation();
    await openIn(s, 'conv-old', <Composer />, 'ja-JP');
    expect((await screen.findByRole('note')).textContent).toContain('この会話は終了しています');
  });

  it('the latest conversation is not read-only', async () => {
    const s = withEndedConversation();
    await openIn(s, 'conv-1', <Composer />);
    expect(await screen.findByRole('textbox')).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });
});

describe('the ticket in the side panel', () => {
  it('an agent with "update" edits the subject', async () => {
    const s = scenario();
    s.api.hub.setTicketSubject = async (id, subject) => ({
      ...s.row.conversation,
      id,
      ticket: { id: 'ticket-1', number: 1042, subject, createdAt: T0 },
    });
    const { user } = await openIn(s, 'conv-1', <ContactPanel />);
    await user.click(await screen.findByRole('button', { name: 'Edit subject' }));
    const box = screen.getByRole('textbox', { name: 'Ticket subject' });
    expect((box as HTMLInputElement).value).toBe('Order question');
    expect(box.getAttribute('maxlength')).toBe('200');
    await user.clear(box);
    await user.type(box, 'Late delivery');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(s.api.callsOf('setTicketSubject')).toEqual([['conv-1', 'Late delivery']]));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Ticket subject' })).toBeNull());
  });

  it('converts a conversation without a ticket by hand', async () => {
    const s = scenario();
    s.api.rows = [makeRow(makeConversation({ ticket: null }))];
    s.api.hub.convertToTicket = async () => s.row.conversation;
    const { user } = await openIn(s, 'conv-1', <ContactPanel />);
    await user.click(await screen.findByRole('button', { name: 'Convert to ticket' }));
    await waitFor(() => expect(s.api.callsOf('convertToTicket')).toEqual([['conv-1']]));
  });

  it('without "update" neither is offered', async () => {
    const s = scenario();
    s.api.me = makeAgent({ permissions: { view: true, create: true, update: false, delete: false } });
    s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
    await openIn(s, 'conv-1', <ContactPanel />);
    expect(await screen.findByText(/1042.*Order question/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit subject' })).toBeNull();
  });
});

describe('the channel page', () => {
  const channelWith = (settings: Partial<ChannelSettings>, s: Scenario): Channel => ({
    ...s.channel,
    settings: ChannelSettings.parse({ ...settings }),
  });

  it('sets the reopen window (0 = always a new conversation)', async () => {
    const s = scenario();
    const channel = channelWith({ autoConvert: false }, s);
    s.api.hub.adminUpdateChannel = async (_id, change) => ({
      ...channel,
      settings: { ...channel.settings, reopenWindowMinutes: change.settings?.reopenWindowMinutes ?? 1440 },
    });
    const { user, container } = renderWithStore(
      <ReopenWindowSetting channel={channel} onChanged={() => undefined} />,
      s.api,
    );
    const box = screen.getByRole('spinbutton', { name: 'Reopen window (minutes)' });
    expect((box as HTMLInputElement).value).toBe('1440');
    await user.clear(box);
    await user.type(box, '0');
    await user.click(screen.getByRole('button', { name: 'Save reopen window' }));
    await waitFor(() =>
      expect(s.api.callsOf('adminUpdateChannel')).toEqual([[channel.id, { settings: { reopenWindowMinutes: 0 } }]]),
    );
    expect(await screen.findByText('Saved')).toBeTruthy();
    await expectAccessible(container);
  });

  it('turning auto-convert on offers to convert the open conversations and says how many', async () => {
    const s = scenario();
    const off = channelWith({ autoConvert: false }, s);
    s.api.hub.adminConvertOpenConversations = async () => ({ converted: 3 });
    function Page() {
      const [on, setOn] = useState(false);
      const channel = { ...off, settings: { ...off.settings, autoConvert: on } };
      return (
        <>
          <button type="button" onClick={() => setOn(true)}>
            saved with auto-convert on
          </button>
          <ReopenWindowSetting channel={channel} onChanged={() => undefined} />
        </>
      );
    }
    const { user } = renderWithStore(<Page />, s.api);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'saved with auto-convert on' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Convert open conversations' }));
    await waitFor(() => expect(s.api.callsOf('adminConvertOpenConversations')).toEqual([[off.id]]));
    expect(await screen.findByText('3 open conversations converted to tickets')).toBeTruthy();
  });
});
