/**
 * Getting in for the first time, and the agent's own password: an invitation link pasted on the
 * sign-in screen, the forced change after a temporary password, and "Change my password" in the settings.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { expectAccessible } from './axe.js';
import { FakeClientApi } from './fake-client-api.js';
import { renderApp } from './render-app.js';
import { scenario } from './scenario.js';

const TOKEN = 'q3J9x-0a_ZbC1dE2fG3hI4jK5lM6nO7pQ8rS9tU0vWx';
const LINK = `https://hub.example.com/invite#${TOKEN}`;

describe('signing in with an invitation', () => {
  it('takes the pasted link, says which hub it leads to, and signs in with the chosen password', async () => {
    const api = new FakeClientApi();
    const { user, container } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: 'I have an invitation' }));
    await user.click(screen.getByLabelText('Invitation link'));
    await user.paste(`  ${LINK}  `);
    expect(screen.getByText('You will sign in to https://hub.example.com.')).toBeTruthy();
    await user.type(screen.getByLabelText('New password'), 'my-own-password-2024');
    await user.type(screen.getByLabelText('New password again'), 'my-own-password-2024');
    await expectAccessible(container);
    await user.click(screen.getByRole('button', { name: 'Set my password and sign in' }));
    await waitFor(() =>
      expect(api.callsOf('signInWithInvitation')).toEqual([
        [{ hubUrl: 'https://hub.example.com', token: TOKEN, newPassword: 'my-own-password-2024' }],
      ]),
    );
    expect(await screen.findByRole('button', { name: /Settings/ })).toBeTruthy();
  });

  it('refuses what is not an invitation link, and passwords that differ, before asking the hub', async () => {
    const api = new FakeClientApi();
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: 'I have an invitation' }));
    await user.type(screen.getByLabelText('Invitation link'), 'https://hub.example.com/login');
    await user.type(screen.getByLabelText('New password'), 'my-own-password-2024');
    await user.type(screen.getByLabelText('New password again'), 'my-own-password-2024');
    await user.click(screen.getByRole('button', { name: 'Set my password and sign in' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'This is not an invitation link. Paste the whole link from the mail.',
    );
    await user.clear(screen.getByLabelText('Invitation link'));
    await user.click(screen.getByLabelText('Invitation link'));
    await user.paste(LINK);
    await user.type(screen.getByLabelText('New password again'), 'x');
    await user.click(screen.getByRole('button', { name: 'Set my password and sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('The two new passwords are not the same.');
    expect(api.callsOf('signInWithInvitation')).toEqual([]);
  });

  it('says in Japanese when the link no longer works, and leads back to the password sign-in', async () => {
    const api = new FakeClientApi();
    const { user } = renderApp(api, { locale: 'ja-JP' });
    await user.click(await screen.findByRole('button', { name: '招待を受けた' }));
    await user.click(screen.getByLabelText('招待リンク'));
    await user.paste(LINK);
    await user.type(screen.getByLabelText('新しいパスワード'), 'my-own-password-2024');
    await user.type(screen.getByLabelText('新しいパスワード（確認）'), 'my-own-password-2024');
    api.failNext('signInWithInvitation', 'INVITATION_INVALID');
    await user.click(screen.getByRole('button', { name: 'パスワードを決めてサインイン' }));
    expect((await screen.findByRole('alert')).textContent).toContain('この招待リンクは使えません');
    await user.click(screen.getByRole('button', { name: 'パスワードでサインインする' }));
    expect(screen.getByRole('button', { name: 'サインイン' })).toBeTruthy();
  });
});

describe('after a temporary password', () => {
  it('the agent must choose their own password before the inbox opens', async () => {
    const s = scenario();
    s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me, passwordChangeRequired: true };
    const { user, api, container } = renderApp(s.api);
    expect(await screen.findByRole('heading', { name: 'Choose your password' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Settings/ })).toBeNull();
    // Nothing is loaded for a session that can do nothing yet.
    expect(api.callsOf('listConversations')).toEqual([]);
    await expectAccessible(container);

    await user.type(screen.getByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('New password again'), 'short');
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(screen.getByRole('alert').textContent).toBe('The new password needs at least 10 characters.');

    await user.clear(screen.getByLabelText('New password'));
    await user.clear(screen.getByLabelText('New password again'));
    await user.type(screen.getByLabelText('New password'), 'my-own-password-2024');
    await user.type(screen.getByLabelText('New password again'), 'my-own-password-2024');
    api.failNext('replaceTemporaryPassword', 'VALIDATION_FAILED');
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The request is not valid.');
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(await screen.findByRole('button', { name: /Settings/ })).toBeTruthy();
    expect(api.callsOf('replaceTemporaryPassword').at(-1)).toEqual(['my-own-password-2024']);
    await waitFor(() => expect(api.callsOf('listConversations').length).toBeGreaterThan(0));
  });
});

describe('changing my own password in the settings', () => {
  it('asks for the current one and the new one twice, and says when it is done or refused', async () => {
    const s = scenario();
    const { user, api, container } = renderApp(s.api);
    await user.click(await screen.findByRole('button', { name: /Settings/ }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('button', { name: 'Change my password' }));
    await user.type(within(dialog).getByLabelText('Current password'), 'old-password-123');
    await user.type(within(dialog).getByLabelText('New password'), 'new-password-456');
    await user.type(within(dialog).getByLabelText('New password again'), 'new-password-457');
    await user.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('The two new passwords are not the same.');
    expect(api.callsOf('changePassword')).toEqual([]);
    await expectAccessible(container);

    await user.clear(within(dialog).getByLabelText('New password again'));
    await user.type(within(dialog).getByLabelText('New password again'), 'new-password-456');
    api.failNext('changePassword', 'INVALID_CREDENTIALS');
    await user.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The email or password is wrong.');
    await user.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await within(dialog).findByText('Your password is changed.')).toBeTruthy();
    expect(api.callsOf('changePassword').at(-1)).toEqual(['old-password-123', 'new-password-456']);
  });
});
