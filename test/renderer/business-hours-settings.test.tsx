/**
 * Business hours and automatic messages in the admin console (docs/lifecycle.md) against the fake client
 * API: the channel page's section refuses what the hub would in words saying what to type and sends
 * nothing, saves hours, holidays and texts per language as the channel's settings, reads in Japanese; in
 * the thread an automatic message says "Automatic reply" where an agent's name would be.
 */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChannelSettings, type Channel } from '../../src/shared/domain.js';
import { BusinessHoursSettings } from '../../src/renderer/src/features/admin/channels/business-hours-settings.js';
import { ConversationPane } from '../../src/renderer/src/features/conversation/conversation-pane.js';
import { expectAccessible } from './axe.js';
import { makeChannel, makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

function hoursForm(channel: Channel, locale = 'en-US') {
  const s = scenario();
  const requests: unknown[] = [];
  s.api.hub.adminUpdateChannel = async (_id, request) => {
    requests.push(request);
    return { ...channel, settings: { ...channel.settings, ...request.settings } } as Channel;
  };
  const store = makeStore(s.api, { locale });
  const rendered = renderWithStore(<BusinessHoursSettings channel={channel} onChanged={() => {}} />, s.api, store);
  return { ...rendered, requests };
}

describe('the channel page’s business hours section', () => {
  it('saves the time zone, weekly hours, holidays and texts per language', async () => {
    const { user, requests, container } = hoursForm(makeChannel());
    expect(screen.getByRole('heading', { name: 'Business hours and automatic messages' })).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'This channel has business hours' }));
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Asia/Tokyo');
    await user.type(screen.getByLabelText('Monday'), '09:00-12:00, 13:00-18:00');
    await user.type(screen.getByLabelText('Friday'), '22:00-02:00');
    await user.type(screen.getByLabelText('Holidays'), '2026-05-04');
    const [replyText, greetingText] = screen.getAllByLabelText('Text');
    const [replyOthers] = screen.getAllByLabelText('Texts in other languages');
    if (!replyText || !greetingText || !replyOthers) throw new Error('no text fields');
    await user.type(replyText, 'We are closed.');
    await user.type(replyOthers, 'ja: ただいま営業時間外です。');
    await user.type(greetingText, 'Hello!');
    await expectAccessible(container);
    await user.click(screen.getByRole('button', { name: 'Save business hours and messages' }));
    await screen.findByText('Saved');
    expect(requests).toHaveLength(1);
    const settings = ChannelSettings.parse((requests[0] as { settings?: unknown }).settings);
    expect(settings.hours).toEqual({
      timeZone: 'Asia/Tokyo',
      weekly: {
        mon: [
          { from: '09:00', to: '12:00' },
          { from: '13:00', to: '18:00' },
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [{ from: '22:00', to: '02:00' }],
        sat: [],
        sun: [],
      },
      holidays: ['2026-05-04'],
    });
    expect(settings.autoReply).toEqual({ texts: { default: 'We are closed.', ja: 'ただいま営業時間外です。' } });
    expect(settings.greeting).toEqual({ texts: { default: 'Hello!' } });
  });

  it('says in words what is wrong, and sends nothing', async () => {
    const { user, requests, container } = hoursForm(makeChannel());
    await user.click(screen.getByRole('checkbox', { name: 'This channel has business hours' }));
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Tokyo');
    await user.type(screen.getByLabelText('Tuesday'), '9-18');
    await user.type(screen.getByLabelText('Holidays'), '2026-02-30');
    const [replyOthers] = screen.getAllByLabelText('Texts in other languages');
    if (!replyOthers) throw new Error('no text field');
    await user.type(replyOthers, 'Japanese text');
    await user.click(screen.getByRole('button', { name: 'Save business hours and messages' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('“Tokyo” is not a time zone');
    expect(alert.textContent).toContain('Tuesday: “9-18” is not a time range. Write it as 09:00-18:00.');
    expect(alert.textContent).toContain('“2026-02-30” is not a date');
    expect(alert.textContent).toContain('does not start with a language code');
    expect(requests).toHaveLength(0);
    await expectAccessible(container);
  });

  it('reads in Japanese', async () => {
    const channel = makeChannel({
      settings: ChannelSettings.parse({
        hours: { timeZone: 'Asia/Tokyo', weekly: { mon: [{ from: '09:00', to: '18:00' }] } },
        autoReply: { texts: { default: 'Closed', ja: '営業時間外' } },
      }),
    });
    const { container } = hoursForm(channel, 'ja-JP');
    expect(screen.getByRole('heading', { name: '営業時間と自動メッセージ' })).toBeTruthy();
    expect((screen.getByLabelText('月曜日') as HTMLInputElement).value).toBe('09:00-18:00');
    expect((screen.getAllByLabelText('ほかの言語の本文')[0] as HTMLTextAreaElement).value).toBe('ja: 営業時間外');
    await expectAccessible(container);
  });
});

describe('an automatic message in the thread', () => {
  it('is labelled "Automatic reply" instead of an agent’s name', async () => {
    const s = scenario({
      messages: [
        makeMessage({
          direction: 'out',
          text: 'We are closed.',
          senderAgentId: null,
          meta: { automatic: 'autoReply' },
        }),
      ],
    });
    const store = makeStore(s.api);
    await store.getState().loadSession();
    store.setState({ selectedId: s.row.conversation.id });
    await store.getState().openConversation(s.row.conversation.id, null);
    const { container } = renderWithStore(<ConversationPane />, s.api, store);
    expect(await screen.findByText('Automatic reply')).toBeTruthy();
    await expectAccessible(container);
  });
});
