/** The admin console's Agents and Channel links tabs, against a fake hub. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { AgentAccess, InviteAgentRequest, IssuedAccess, LinkChange } from '../../src/shared/agent-access.js';
import type { Agent, Channel } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import { expectAccessible } from './axe.js';
import { makeAgent, makeChannel, T0 } from './factories.js';
import { renderApp, type Rendered } from './render-app.js';
import { scenario } from './scenario.js';

const HUB = 'http://127.0.0.1:4000';
const TOKEN = 'A'.repeat(43);

function access(agent: Agent, over: Partial<AgentAccess> = {}): AgentAccess {
  return {
    agent,
    passwordChangeRequired: false,
    invitation: null,
    linkedChannelIds: [],
    openConversations: 0,
    ...over,
  };
}

const admin = makeAgent({ id: 'admin-1', name: 'Hana Admin', role: 'admin' });
const aiko = makeAgent({
  id: 'agent-2',
  name: 'Aiko Tanaka',
  permissions: { view: true, create: true, update: false, delete: false },
  presence: 'away',
});
const ben = makeAgent({ id: 'agent-3', name: 'Ben Ito', presence: 'offline', active: false });

/** The hub as the fake answers the agents calls: a list the calls change. */
function fakeHub(api: Rendered['api'], channels: Channel[]) {
  const agents = new Map<string, AgentAccess>([
    [admin.id, access(admin)],
    [aiko.id, access(aiko, { linkedChannelIds: ['ch-whatsapp'], openConversations: 2 })],
    [ben.id, access(ben)],
  ]);
  const setLinks: LinkChange[][] = [];
  const issue = (entry: AgentAccess, delivery: string): IssuedAccess => ({
    access: entry,
    temporaryPassword: delivery === 'temporary-password' ? 'h7kq-3mzr-pw2x-9tnb' : null,
    invitation: delivery === 'invitation' ? { token: TOKEN, link: null, expiresAt: T0 + 7 * 86_400_000 } : null,
  });
  api.hub.adminListAgents = async () => [...agents.values()];
  api.hub.adminListChannels = async () => channels;
  api.hub.adminCreateAgent = async (req: InviteAgentRequest) => {
    const agent = makeAgent({ id: `new-${agents.size}`, name: req.name, email: req.email, role: req.role ?? 'agent' });
    const entry = access(agent, { passwordChangeRequired: req.delivery === 'temporary-password' });
    agents.set(agent.id, entry);
    return issue(entry, req.delivery);
  };
  api.hub.adminUpdateAgent = async (id, change) => {
    const entry = agents.get(id);
    if (!entry) throw new AppError('NOT_FOUND');
    const agent = { ...entry.agent, ...change };
    agents.set(id, { ...entry, agent });
    return agent;
  };
  api.hub.adminDeactivateAgent = async (id) => {
    const entry = agents.get(id);
    if (!entry) throw new AppError('NOT_FOUND');
    const agent = { ...entry.agent, active: false };
    agents.set(id, { ...entry, agent, openConversations: 0 });
    return agent;
  };
  api.hub.adminReactivateAgent = async (id) => {
    const entry = agents.get(id);
    if (!entry) throw new AppError('NOT_FOUND');
    const agent = { ...entry.agent, active: true };
    agents.set(id, { ...entry, agent });
    return agent;
  };
  api.hub.adminResetPassword = async (id, delivery) => {
    const entry = agents.get(id);
    if (!entry) throw new AppError('NOT_FOUND');
    return issue(entry, delivery);
  };
  api.hub.adminSetLinks = async (changes) => {
    setLinks.push(changes);
    for (const change of changes) {
      const channel = channels.find((c) => c.id === change.channelId);
      if (!channel) throw new AppError('NOT_FOUND');
      const ids = channel.linkedAgentIds.filter((id) => id !== change.agentId);
      channel.linkedAgentIds = change.linked ? [...ids, change.agentId] : ids;
    }
    return {
      linked: changes.filter((c) => c.linked).length,
      unlinked: changes.filter((c) => !c.linked).length,
      channels,
    };
  };
  return { agents, setLinks };
}

async function openTab(tab: 'Agents' | 'Channel links' | '担当者' | 'チャネルの紐付け', locale = 'en-US') {
  const s = scenario();
  s.api.me = admin;
  s.api.session = { hubUrl: HUB, agent: admin };
  const channels = [
    makeChannel({ kind: 'whatsapp', linkedAgentIds: [aiko.id] }),
    makeChannel({ kind: 'line', name: 'LINE 公式', linkedAgentIds: [] }),
  ];
  s.api.channels = channels;
  const rendered = renderApp(s.api, { locale });
  const hub = fakeHub(rendered.api, channels);
  await rendered.user.click(
    await screen.findByRole('button', { name: locale === 'en-US' ? 'Admin console' : '管理コンソール' }),
  );
  await rendered.user.click(screen.getByRole('tab', { name: tab }));
  return { ...rendered, hub, channels };
}

describe('the Agents tab', () => {
  it('lists every agent with role, permissions, sign-in state, presence and linked channels', async () => {
    const { container } = await openTab('Agents');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const aikoRow = rows[1];
    if (!aikoRow) throw new Error('no row for Aiko');
    expect(within(aikoRow).getByRole('rowheader').textContent).toContain('Aiko Tanaka');
    expect(aikoRow.textContent).toContain('View, Create');
    expect(aikoRow.textContent).toContain('Away');
    expect(aikoRow.textContent).toContain('1 linked');
    expect(aikoRow.textContent).toContain('2 open');
    expect(rows[0]?.textContent).toContain('All (admins have every permission)');
    // The only active admin cannot be deactivated; a deactivated agent can be reactivated.
    expect(within(rows[0] as HTMLElement).queryByRole('button', { name: 'Deactivate' })).toBeNull();
    expect(rows[0]?.textContent).toContain('The hub needs at least one active admin');
    expect(within(rows[2] as HTMLElement).getByRole('button', { name: 'Reactivate' })).toBeTruthy();
    expect(rows[2]?.textContent).toContain('Deactivated');
    await expectAccessible(container);
  });

  it('adds an agent with an invitation link shown once, built from the hub address, with Copy', async () => {
    const { user, api, container } = await openTab('Agents');
    await user.click(await screen.findByRole('button', { name: 'Add agent' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an agent' });
    await user.type(within(dialog).getByLabelText('Name'), 'Kenji Mori');
    await user.type(within(dialog).getByLabelText('Email'), 'kenji@example.com');
    await user.click(within(dialog).getByRole('checkbox', { name: /Delete/ }));
    await user.click(within(dialog).getByRole('radio', { name: /An invitation link/ }));
    await expectAccessible(container);
    await user.click(within(dialog).getByRole('button', { name: 'Add agent' }));

    const issued = await screen.findByRole('dialog', { name: 'How Kenji Mori signs in' });
    const link = within(issued).getByLabelText('Invitation link');
    expect(link).toHaveProperty('value', `${HUB}/invite#${TOKEN}`);
    expect(issued.textContent).toContain('Send it to kenji@example.com');
    expect(api.callsOf('adminCreateAgent')).toEqual([
      [
        {
          name: 'Kenji Mori',
          email: 'kenji@example.com',
          role: 'agent',
          permissions: { view: true, create: true, update: true, delete: true },
          delivery: 'invitation',
        },
      ],
    ]);
    await user.click(within(issued).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(within(issued).getByRole('button', { name: 'Copied' })).toBeTruthy());
    expect(await navigator.clipboard.readText()).toBe(`${HUB}/invite#${TOKEN}`);
    await user.click(within(issued).getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('Kenji Mori was added.')).toBeTruthy();
    expect(await screen.findByRole('rowheader', { name: /Kenji Mori/ })).toBeTruthy();
  });

  it('adds an agent with a temporary password and says a taken email in words', async () => {
    const { user, api } = await openTab('Agents');
    await user.click(await screen.findByRole('button', { name: 'Add agent' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an agent' });
    await user.type(within(dialog).getByLabelText('Name'), 'Mai');
    await user.type(within(dialog).getByLabelText('Email'), 'mai@example.com');
    await user.click(within(dialog).getByRole('radio', { name: /A temporary password/ }));
    api.failNext('adminCreateAgent', 'CONFLICT');
    await user.click(within(dialog).getByRole('button', { name: 'Add agent' }));
    expect(await within(dialog).findByRole('alert')).toHaveProperty(
      'textContent',
      'An agent with this email already exists.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Add agent' }));
    const issued = await screen.findByRole('dialog', { name: 'How Mai signs in' });
    expect(within(issued).getByLabelText('Temporary password')).toHaveProperty('value', 'h7kq-3mzr-pw2x-9tnb');
    expect(issued.textContent).toContain(`with the hub address ${HUB}`);
  });

  it('edits role and permissions, deactivates saying what is re-routed, and reactivates', async () => {
    const { user, api } = await openTab('Agents');
    const aikoActions = await screen.findByRole('group', { name: 'Actions for Aiko Tanaka' });
    await user.click(within(aikoActions).getByRole('button', { name: 'Edit' }));
    const edit = screen.getByRole('dialog', { name: 'Edit Aiko Tanaka' });
    await user.click(within(edit).getByRole('checkbox', { name: /Update/ }));
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.callsOf('adminUpdateAgent')).toEqual([
        [
          'agent-2',
          {
            name: 'Aiko Tanaka',
            role: 'agent',
            permissions: { view: true, create: true, update: true, delete: false },
          },
        ],
      ]),
    );
    expect(await screen.findByText('Changes to Aiko Tanaka saved; their app follows at once.')).toBeTruthy();

    await user.click(within(aikoActions).getByRole('button', { name: 'Deactivate' }));
    const confirm = screen.getByRole('dialog', { name: 'Deactivate Aiko Tanaka?' });
    expect(confirm.textContent).toContain('Their 2 open conversations will be re-routed');
    await user.click(within(confirm).getByRole('button', { name: 'Deactivate' }));
    expect(
      await screen.findByText('Aiko Tanaka is deactivated; their open conversations were re-routed.'),
    ).toBeTruthy();
    expect(api.callsOf('adminDeactivateAgent')).toEqual([['agent-2']]);

    const after = await screen.findByRole('group', { name: 'Actions for Aiko Tanaka' });
    await user.click(await within(after).findByRole('button', { name: 'Reactivate' }));
    expect(await screen.findByText('Aiko Tanaka can sign in again.')).toBeTruthy();
    expect(api.callsOf('adminReactivateAgent')).toEqual([['agent-2']]);
  });

  it('resets a password to a new temporary one shown once', async () => {
    const { user, api } = await openTab('Agents');
    const aikoActions = await screen.findByRole('group', { name: 'Actions for Aiko Tanaka' });
    await user.click(within(aikoActions).getByRole('button', { name: 'Reset password' }));
    const confirm = screen.getByRole('dialog', { name: 'Reset the password of Aiko Tanaka?' });
    expect(confirm.textContent).toContain('signed out everywhere');
    await user.click(within(confirm).getByRole('button', { name: 'Reset password' }));
    const issued = await screen.findByRole('dialog', { name: 'How Aiko Tanaka signs in' });
    expect(within(issued).getByLabelText('Temporary password')).toHaveProperty('value', 'h7kq-3mzr-pw2x-9tnb');
    expect(api.callsOf('adminResetPassword')).toEqual([['agent-2', 'temporary-password']]);
  });

  it('reads in Japanese and stays accessible', async () => {
    const { container, user } = await openTab('担当者', 'ja-JP');
    expect(await screen.findByRole('heading', { name: '担当者' })).toBeTruthy();
    expect(await screen.findByRole('columnheader', { name: '権限' })).toBeTruthy();
    expect(screen.getByText('閲覧, 作成')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '担当者を追加' }));
    expect(screen.getByRole('dialog', { name: '担当者を追加' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: /招待リンク/ })).toBeTruthy();
    await expectAccessible(container);
  });
});

describe('the Channel links tab', () => {
  it('shows agents × channels, toggles cells, rows and columns, and saves every change at once', async () => {
    const { user, api, container } = await openTab('Channel links');
    const cell = await screen.findByRole('checkbox', { name: 'Aiko Tanaka answers Support whatsapp' });
    expect(cell).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'Aiko Tanaka answers LINE 公式' })).toHaveProperty('checked', false);
    // A deactivated agent cannot be linked.
    expect(screen.getByRole('checkbox', { name: 'Ben Ito answers LINE 公式' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('status').textContent).toBe('No unsaved changes.');
    await expectAccessible(container);

    await user.click(screen.getByRole('checkbox', { name: 'Every agent on LINE 公式' }));
    expect(screen.getByRole('checkbox', { name: 'Hana Admin answers LINE 公式' })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'Aiko Tanaka answers LINE 公式' })).toHaveProperty('checked', true);
    await user.click(cell);
    expect(screen.getByRole('status').textContent).toBe('2 to link, 1 to unlink');
    // Ticking a cell back to what is saved is no change.
    await user.click(screen.getByRole('checkbox', { name: 'Every channel for Hana Admin' }));
    expect(screen.getByRole('status').textContent).toBe('3 to link, 1 to unlink');
    await user.click(screen.getByRole('checkbox', { name: 'Every channel for Hana Admin' }));
    expect(screen.getByRole('status').textContent).toBe('1 to link, 1 to unlink');

    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved: 1 linked, 1 unlinked.'));
    expect(api.callsOf('adminSetLinks')).toHaveLength(1);
    const [changes] = api.callsOf('adminSetLinks')[0] as [LinkChange[]];
    expect([...changes].sort((a, b) => a.channelId.localeCompare(b.channelId))).toEqual([
      { channelId: 'ch-line', agentId: 'agent-2', linked: true },
      { channelId: 'ch-whatsapp', agentId: 'agent-2', linked: false },
    ]);
    expect(screen.getByRole('checkbox', { name: 'Aiko Tanaka answers LINE 公式' })).toHaveProperty('checked', true);
    expect(screen.getByRole('button', { name: 'Save changes' })).toHaveProperty('disabled', true);
  });

  it('keeps the changes and says why when the hub refuses them', async () => {
    const { user, api } = await openTab('Channel links');
    await user.click(await screen.findByRole('checkbox', { name: 'Aiko Tanaka answers LINE 公式' }));
    api.failNext('adminSetLinks', 'AGENT_INACTIVE');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'That agent is deactivated.');
    expect(screen.getByRole('status').textContent).toBe('1 to link, 0 to unlink');
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.getByRole('checkbox', { name: 'Aiko Tanaka answers LINE 公式' })).toHaveProperty('checked', false);
  });

  it('reads in Japanese', async () => {
    const { container } = await openTab('チャネルの紐付け', 'ja-JP');
    expect(await screen.findByRole('checkbox', { name: 'Aiko Tanaka が LINE 公式 を担当' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '変更を保存' })).toBeTruthy();
    await expectAccessible(container);
  });
});
