/**
 * Routing in the admin console (issue 14 §2) against the fake client API: the channel page's Routing
 * section (capacity or no limit, away minutes, unanswered passes off or on with minutes and a maximum)
 * refuses what the hub would with words saying what to type, saves the whole routing through the
 * channel's settings update, and reads in Japanese; an agent's own capacity is edited in their dialog
 * and shown in their row.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AgentAccess } from '../../src/shared/agent-access.js';
import type { Channel } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import { AgentsTab } from '../../src/renderer/src/features/admin/agents/agents-tab.js';
import { EditAgentDialog } from '../../src/renderer/src/features/admin/agents/agent-dialogs.js';
import { RoutingSettings } from '../../src/renderer/src/features/admin/channels/routing-settings.js';
import { expectAccessible } from './axe.js';
import { makeAgent, makeChannel } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

function routingForm(channel: Channel, locale = 'en-US') {
  const s = scenario();
  const changed: Channel[] = [];
  s.api.hub.adminUpdateChannel = async (id, request) => {
    if (id !== channel.id) throw new AppError('NOT_FOUND');
    return { ...channel, settings: { ...channel.settings, ...request.settings } } as Channel;
  };
  const store = makeStore(s.api, { locale });
  const rendered = renderWithStore(
    <RoutingSettings channel={channel} onChanged={(c) => changed.push(c)} />,
    s.api,
    store,
  );
  return { ...rendered, changed };
}

describe('the channel page’s Routing section', () => {
  it('shows the channel’s routing, with no limit as an empty capacity and passes off', async () => {
    const { container } = routingForm(makeChannel());
    expect(screen.getByRole('heading', { name: 'Routing' })).toBeTruthy();
    expect((screen.getByLabelText('Open conversations per agent') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText(/Minutes away or offline/) as HTMLInputElement).value).toBe('10');
    const pass = screen.getByRole('checkbox', { name: /does not answer/ }) as HTMLInputElement;
    expect(pass.checked).toBe(false);
    expect((screen.getByLabelText('Minutes without an answer before it passes') as HTMLInputElement).disabled).toBe(
      true,
    );
    await expectAccessible(container);
  });

  it('refuses numbers out of range with words saying what to type, and sends nothing', async () => {
    const { user, api, container } = routingForm(makeChannel());
    const capacity = screen.getByLabelText('Open conversations per agent');
    await user.type(capacity, '0');
    const away = screen.getByLabelText(/Minutes away or offline/);
    await user.clear(away);
    await user.type(away, '2000');
    await user.click(screen.getByRole('checkbox', { name: /does not answer/ }));
    const passMax = screen.getByLabelText('Most passes before it waits in the queue');
    await user.clear(passMax);
    await user.type(passMax, '11');
    await user.click(screen.getByRole('button', { name: 'Save routing' }));

    expect(screen.getByRole('alert').textContent).toBe('Check the fields marked above; nothing was saved.');
    expect(capacity.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number from 1 to 500, or leave it empty for no limit.')).toBeTruthy();
    expect(away.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number of minutes from 1 to 1440 (24 hours).')).toBeTruthy();
    expect(passMax.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number from 1 to 10.')).toBeTruthy();
    expect(api.callsOf('adminUpdateChannel')).toEqual([]);
    await expectAccessible(container);
  });

  it('saves the whole routing through the channel settings update and says so', async () => {
    const channel = makeChannel();
    const { user, api, changed } = routingForm(channel);
    await user.type(screen.getByLabelText('Open conversations per agent'), '4');
    const away = screen.getByLabelText(/Minutes away or offline/);
    await user.clear(away);
    await user.type(away, '15');
    await user.click(screen.getByRole('checkbox', { name: /does not answer/ }));
    const minutes = screen.getByLabelText('Minutes without an answer before it passes');
    await user.clear(minutes);
    await user.type(minutes, '5');
    const passMax = screen.getByLabelText('Most passes before it waits in the queue');
    await user.clear(passMax);
    await user.type(passMax, '3');
    await user.click(screen.getByRole('button', { name: 'Save routing' }));

    expect(await screen.findByText('Routing saved.')).toBeTruthy();
    expect(api.callsOf('adminUpdateChannel')).toEqual([
      [
        channel.id,
        {
          settings: {
            routing: { capacity: 4, awayRequeueMinutes: 15, unansweredPassMinutes: 5, unansweredPassMax: 3 },
          },
        },
      ],
    ]);
    expect(changed.map((c) => c.settings.routing.capacity)).toEqual([4]);

    // Back to no limit and passes off: capacity null, unanswered passes null.
    await user.clear(screen.getByLabelText('Open conversations per agent'));
    await user.click(screen.getByRole('checkbox', { name: /does not answer/ }));
    await user.click(screen.getByRole('button', { name: 'Save routing' }));
    await waitFor(() => expect(api.callsOf('adminUpdateChannel')).toHaveLength(2));
    expect(api.callsOf('adminUpdateChannel')[1]).toEqual([
      channel.id,
      {
        settings: {
          routing: { capacity: null, awayRequeueMinutes: 15, unansweredPassMinutes: null, unansweredPassMax: 3 },
        },
      },
    ]);
  });

  it('says why when the hub refuses the change', async () => {
    const { user, api } = routingForm(makeChannel());
    api.hub.adminUpdateChannel = async () => {
      throw new AppError('FORBIDDEN');
    };
    await user.click(screen.getByRole('button', { name: 'Save routing' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByText('Routing saved.')).toBeNull();
  });

  it('reads in Japanese', async () => {
    const { container } = routingForm(makeChannel(), 'ja-JP');
    expect(screen.getByRole('heading', { name: 'ルーティング' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'ルーティングを保存' })).toBeTruthy();
    expect(screen.getByLabelText('エージェント 1 人あたりの対応中の会話数')).toBeTruthy();
    await expectAccessible(container);
  });
});

describe('an agent’s own capacity', () => {
  const aiko = makeAgent({ id: 'agent-2', name: 'Aiko Tanaka' });
  const access = (capacity: number | null): AgentAccess => ({
    agent: { ...aiko, capacity },
    passwordChangeRequired: false,
    invitation: null,
    linkedChannelIds: [],
    openConversations: 0,
  });

  it('is set in the edit dialog, refused out of range, and cleared back to the channel’s limit', async () => {
    const s = scenario();
    s.api.hub.adminUpdateAgent = async (_id, change) => ({ ...aiko, ...change });
    const done: (string | null)[] = [];
    const { user, api, container } = renderWithStore(
      <EditAgentDialog
        access={access(null)}
        isLastAdmin={false}
        onClose={() => undefined}
        onDone={(m) => done.push(m)}
      />,
      s.api,
    );
    const field = screen.getByLabelText('Most open conversations');
    await user.type(field, '600');
    expect(screen.getByText('Enter a whole number from 1 to 500, or leave it empty.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    await expectAccessible(container);

    await user.clear(field);
    await user.type(field, '3');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsOf('adminUpdateAgent')).toHaveLength(1));
    expect(api.callsOf('adminUpdateAgent')[0]).toEqual([
      aiko.id,
      { name: aiko.name, role: aiko.role, permissions: aiko.permissions, capacity: 3 },
    ]);
    expect(done).toHaveLength(1);
  });

  it('an empty field clears a limit the agent had', async () => {
    const s = scenario();
    s.api.hub.adminUpdateAgent = async (_id, change) => ({ ...aiko, ...change });
    const { user, api } = renderWithStore(
      <EditAgentDialog access={access(5)} isLastAdmin={false} onClose={() => undefined} onDone={() => undefined} />,
      s.api,
    );
    const field = screen.getByLabelText('Most open conversations') as HTMLInputElement;
    expect(field.value).toBe('5');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsOf('adminUpdateAgent')).toHaveLength(1));
    expect(api.callsOf('adminUpdateAgent')[0]?.[1]).toMatchObject({ capacity: null });
  });

  it('shows in the agent’s row of the Agents tab, in Japanese too', async () => {
    const s = scenario();
    s.api.hub.adminListAgents = async () => [access(4)];
    s.api.hub.adminGetTeamSettings = async () => {
      throw new AppError('NOT_FOUND');
    };
    renderWithStore(<AgentsTab />, s.api);
    const row = (await screen.findByText('Aiko Tanaka')).closest('tr');
    expect(row && within(row).getByText(/up to 4 open/)).toBeTruthy();

    const ja = scenario();
    ja.api.hub.adminListAgents = async () => [access(4)];
    ja.api.hub.adminGetTeamSettings = async () => {
      throw new AppError('NOT_FOUND');
    };
    renderWithStore(<AgentsTab />, ja.api, makeStore(ja.api, { locale: 'ja-JP' }));
    expect(await screen.findByText(/最大 4 件/)).toBeTruthy();
  });
});
