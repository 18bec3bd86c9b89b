/**
 * Under a failed or stopped reply of the agent's own: our words, the provider's code, Retry and
 * Discard; "Sent again" once retried; a reply the window stopped offers a template and no "Send anyway".
 */
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { ClientMessage } from '../../src/shared/api.js';
import { MessageList } from '../../src/renderer/src/features/conversation/message-list.js';
import { makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

async function renderThread(messages: ClientMessage[]) {
  const s = scenario({ messages });
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation('conv-1', null);
  return { ...renderWithStore(<MessageList />, s.api, store), s };
}

const failed = (overrides: Partial<ClientMessage> = {}): ClientMessage =>
  makeMessage({
    id: '0190a4c2-0000-7000-8000-0000000000a1',
    clientId: '0190a4c2-0000-7000-8000-0000000000c1',
    direction: 'out',
    text: 'Your refund is done',
    senderAgentId: 'agent-1',
    state: 'failed',
    failureCode: 'PROVIDER_BLOCKED',
    failureReason: 'The customer blocked this account or left the chat. — 131050 User stopped marketing messages',
    ...overrides,
  });

describe('failed replies', () => {
  it('show our words, the provider’s code, and Retry and Discard for the agent’s own reply', async () => {
    const { user, s } = await renderThread([failed()]);
    expect(await screen.findByText('Provider code 131050')).toBeTruthy();
    expect(screen.getByText(/The customer blocked this account or left the chat\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(s.api.callsOf('retryMessage')).toEqual([['0190a4c2-0000-7000-8000-0000000000c1']]);
    expect(s.api.callsOf('decideHeldReply')).toEqual([
      [{ clientId: '0190a4c2-0000-7000-8000-0000000000c1', action: 'discard' }],
    ]);
  });

  it('say “Sent again” and offer nothing once retried, and offer nothing on another agent’s reply', async () => {
    await renderThread([
      failed({ retried: true }),
      failed({ id: '0190a4c2-0000-7000-8000-0000000000a2', clientId: null, senderAgentId: 'agent-2', text: 'x' }),
    ]);
    expect(await screen.findByText('Sent again')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Discard' })).toBeNull();
  });

  it('a reply the window stopped offers a template and Discard, and “Send anyway” only once allowed', async () => {
    const held = (canSendAnyway: boolean, id: string): ClientMessage =>
      makeMessage({
        id,
        clientId: id,
        direction: 'out',
        text: 'See you tomorrow',
        senderAgentId: 'agent-1',
        state: 'queued',
        providerMessageId: null,
        outbox: {
          state: 'held',
          reasonCode: 'SESSION_WINDOW_CLOSED',
          reason: null,
          windowWillClose: false,
          canSendAnyway,
          canSendAsTemplate: true,
        },
      });
    await renderThread([held(false, '0190a4c2-0000-7000-8000-0000000000b1')]);
    expect(await screen.findByText(/^Not sent: The customer’s session window has closed/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send as template' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Discard' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send anyway' })).toBeNull();
  });
});
