import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { CannedReply } from '../../src/shared/domain.js';
import type { CreateCannedReplyRequest, UpdateCannedReplyRequest } from '../../src/shared/canned-replies.js';
import { makeAgent, makeChannel, T0 } from './factories.js';
import { expectAccessible } from './axe.js';
import { renderApp, type Rendered } from './render-app.js';
import { scenario } from './scenario.js';

/** The hub's canned replies as the fake answers them: one store the create, update and delete calls change. */
function fakeHub(api: Rendered['api'], initial: CannedReply[]) {
  const replies = new Map(initial.map((r) => [r.id, r]));
  let next = 1;
  const make = (scope: 'team' | 'personal', req: Omit<CreateCannedReplyRequest, 'scope'>): CannedReply => {
    const reply: CannedReply = {
      id: `new-${next++}`,
      ownerId: scope === 'team' ? null : api.me.id,
      channelId: req.channelId ?? null,
      title: req.title,
      shortcut: req.shortcut ?? null,
      text: req.text,
      createdAt: T0,
      updatedAt: T0,
    };
    replies.set(reply.id, reply);
    return reply;
  };
  api.hub.adminListTeamCannedReplies = async () => [...replies.values()].filter((r) => r.ownerId === null);
  api.hub.listMyCannedReplies = async () => [...replies.values()].filter((r) => r.ownerId !== null);
  api.hub.adminCreateTeamCannedReply = async (req) => make('team', req);
  api.hub.createMyCannedReply = async (req) => make('personal', req);
  api.hub.updateCannedReply = async (id: string, change: UpdateCannedReplyRequest) => {
    const current = replies.get(id);
    if (!current) throw new Error('no such reply');
    const updated = { ...current, ...change } as CannedReply;
    replies.set(id, updated);
    return updated;
  };
  api.hub.deleteCannedReply = async (id: string) => void replies.delete(id);
  api.hub.adminListChannels = async () => api.channels;
  return replies;
}

const TEAM_THANKS: CannedReply = {
  id: 'team-1',
  ownerId: null,
  channelId: 'ch-whatsapp',
  title: 'Thanks for waiting',
  shortcut: 'thanks',
  text: 'Thank you for waiting, {{contact.name}}.',
  createdAt: T0,
  updatedAt: T0,
};

async function openTeamTab(locale = 'en-US') {
  const s = scenario();
  s.api.me = makeAgent({ role: 'admin' });
  s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
  s.api.channels = [s.channel, makeChannel({ kind: 'line', name: 'LINE 公式' })];
  const rendered = renderApp(s.api, { locale });
  const replies = fakeHub(rendered.api, [TEAM_THANKS]);
  const { user } = rendered;
  await user.click(
    await screen.findByRole('button', { name: locale === 'en-US' ? 'Admin console' : '管理コンソール' }),
  );
  await user.click(screen.getByRole('tab', { name: locale === 'en-US' ? 'Canned replies' : '定型文' }));
  return { ...rendered, replies };
}

describe('canned reply management', () => {
  it('an admin adds a team reply for one channel with placeholder buttons and a preview, then edits and deletes it', async () => {
    const { user, api, replies, container } = await openTeamTab();
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('cell', { name: 'Thanks for waiting' })).toBeTruthy();
    expect(within(table).getByRole('cell', { name: '/thanks' })).toBeTruthy();
    expect(within(table).getByRole('cell', { name: 'Support whatsapp' })).toBeTruthy();
    await expectAccessible(container);

    await user.click(screen.getByRole('button', { name: 'New canned reply' }));
    await user.type(screen.getByLabelText('Title'), 'Delivery');
    await user.type(screen.getByLabelText('Shortcut (optional)'), '/delivery');
    await user.selectOptions(screen.getByLabelText('Channel'), 'LINE 公式');
    const text = screen.getByLabelText('Text');
    await user.type(text, 'Hello ');
    await user.click(screen.getByRole('button', { name: '+ Contact name' }));
    await user.type(text, ', your ticket is #');
    await user.click(screen.getByRole('button', { name: '+ Ticket number' }));
    expect(text).toHaveProperty('value', 'Hello {{contact.name}}, your ticket is #{{ticket.number}}');
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('Hello Hanako Yamada, your ticket is #1024')).toBeTruthy();
    await expectAccessible(container);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Delivery” was saved.')).toBeTruthy();
    expect(api.callsOf('adminCreateTeamCannedReply')).toEqual([
      [
        {
          channelId: 'ch-line',
          title: 'Delivery',
          shortcut: 'delivery',
          text: 'Hello {{contact.name}}, your ticket is #{{ticket.number}}',
        },
      ],
    ]);
    const row = (await screen.findByRole('cell', { name: 'Delivery' })).closest('tr') as HTMLElement;
    expect(within(row).getByRole('cell', { name: 'LINE 公式' })).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Edit: Delivery' }));
    const title = screen.getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Delivery update');
    await user.selectOptions(screen.getByLabelText('Channel'), 'All channels');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('“Delivery update” was saved.');
    expect(api.callsOf('updateCannedReply').at(-1)?.[1]).toMatchObject({ title: 'Delivery update', channelId: null });

    const updated = (await screen.findByRole('cell', { name: 'Delivery update' })).closest('tr') as HTMLElement;
    await user.click(within(updated).getByRole('button', { name: 'Delete: Delivery update' }));
    await user.click(within(updated).getByRole('button', { name: 'Delete it' }));
    await screen.findByText('“Delivery update” was deleted.');
    expect([...replies.values()].map((r) => r.title)).toEqual(['Thanks for waiting']);
  });

  it('a placeholder put in mid-text leaves the caret right after it at once, so the next keys follow it', async () => {
    const { user } = await openTeamTab();
    await user.click(await screen.findByRole('button', { name: 'New canned reply' }));
    const text = screen.getByLabelText('Text') as HTMLTextAreaElement;
    await user.type(text, 'Dear , thanks');
    text.setSelectionRange('Dear '.length, 'Dear '.length);
    await user.click(screen.getByRole('button', { name: '+ Contact name' }));
    // No frame has passed: the caret is placed in the commit that shows the placeholder.
    expect([text.selectionStart, text.selectionEnd]).toEqual(Array(2).fill('Dear {{contact.name}}'.length));
    await user.keyboard('-san');
    expect(text.value).toBe('Dear {{contact.name}}-san, thanks');
  });

  it('says what is wrong before saving: no title, a shortcut with a space, an unknown placeholder', async () => {
    const { user, api } = await openTeamTab();
    await user.click(await screen.findByRole('button', { name: 'New canned reply' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the reply a title.');
    await user.type(screen.getByLabelText('Title'), 'x');
    await user.type(screen.getByLabelText('Shortcut (optional)'), 'two words');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^A shortcut is one word/);
    await user.clear(screen.getByLabelText('Shortcut (optional)'));
    await user.type(screen.getByLabelText('Text'), 'Hi {{{{customer}}');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Unknown placeholder {{customer}}: use the buttons below the text.',
    );
    expect(api.callsOf('adminCreateTeamCannedReply')).toEqual([]);
  });

  it('the tab speaks Japanese and says why the hub refused', async () => {
    const { user, api } = await openTeamTab('ja-JP');
    expect(await screen.findByRole('heading', { name: 'チームの定型文' })).toBeTruthy();
    api.hub.adminCreateTeamCannedReply = async () => {
      throw Object.assign(new Error('refused'), { code: 'FORBIDDEN' });
    };
    await user.click(screen.getByRole('button', { name: '定型文を追加' }));
    await user.type(screen.getByLabelText('タイトル'), 'お礼');
    await user.type(screen.getByLabelText('本文'), 'ありがとうございます。');
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('alert')).textContent).toBe('この操作を行う権限がありません。');
  });

  it('every agent manages personal replies in “My canned replies”, from the settings dialog', async () => {
    const s = scenario();
    const rendered = renderApp(s.api);
    fakeHub(rendered.api, [TEAM_THANKS]);
    const { user, api, container } = rendered;
    await user.click(await screen.findByRole('button', { name: /Settings/ }));
    await user.click(screen.getByRole('button', { name: 'My canned replies…' }));
    const dialog = await screen.findByRole('dialog', { name: 'My canned replies' });
    expect(await within(dialog).findByText('You have no personal canned replies yet.')).toBeTruthy();
    await expectAccessible(container);

    await user.click(within(dialog).getByRole('button', { name: 'New canned reply' }));
    await user.type(within(dialog).getByLabelText('Title'), 'My sign-off');
    await user.type(within(dialog).getByLabelText('Text'), 'Best regards, ');
    await user.click(within(dialog).getByRole('button', { name: '+ Agent name' }));
    expect(within(dialog).getByText('Best regards, Aiko Tanaka')).toBeTruthy();
    await expectAccessible(container);
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('cell', { name: 'My sign-off' })).toBeTruthy();
    expect(within(dialog).getByRole('cell', { name: 'All channels' })).toBeTruthy();
    expect(api.callsOf('createMyCannedReply')).toEqual([
      [{ channelId: null, title: 'My sign-off', shortcut: null, text: 'Best regards, {{agent.name}}' }],
    ]);
    // The team's replies are not the agent's to change: none of them is listed here.
    expect(within(dialog).queryByText('Thanks for waiting')).toBeNull();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('offline, “My canned replies” says changing them needs the hub', async () => {
    const s = scenario();
    s.api.connection = { ...s.api.connection, status: 'offline' };
    const { user } = renderApp(s.api, { locale: 'ja-JP' });
    await user.click(await screen.findByRole('button', { name: /設定/ }));
    await user.click(screen.getByRole('button', { name: '自分の定型文…' }));
    const dialog = await screen.findByRole('dialog', { name: '自分の定型文' });
    expect(within(dialog).getByText(/定型文の変更にはハブへの接続が必要です/)).toBeTruthy();
  });
});
