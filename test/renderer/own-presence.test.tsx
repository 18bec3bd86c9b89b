/** The top bar and the presence menu show the agent's presence as the client core reports it. */
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { renderApp } from './render-app.js';
import { scenario } from './scenario.js';

function dotClass(container: HTMLElement): string {
  return container.querySelector('.top-bar .presence-dot')?.className ?? '';
}

describe('own presence', () => {
  it('follows the session after a reconnect and does not show a chosen Offline as online', async () => {
    const s = scenario();
    s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: { ...s.api.me, presence: 'offline' } };
    const { container, user } = renderApp(s.api);
    await screen.findByText(s.api.me.name);
    // Connected, but the agent chose Offline: the dot says offline, like the menu.
    await waitFor(() => expect(dotClass(container)).toContain('presence-offline'));

    // The core reports what the hub says after the reconnect.
    act(() =>
      s.api.emit({
        type: 'session',
        session: { hubUrl: 'http://127.0.0.1:4000', agent: { ...s.api.me, presence: 'online' } },
      }),
    );
    await waitFor(() => expect(dotClass(container)).toContain('presence-online'));
    await user.click(screen.getByTitle('Settings'));
    expect(screen.getByRole('combobox', { name: 'My presence' })).toHaveProperty('value', 'online');
  });
});
