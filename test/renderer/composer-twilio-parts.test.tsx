import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { expectAccessible } from './axe.js';
import { renderWithStore, makeStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function renderComposer(s: Scenario) {
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(<Composer />, s.api, store);
}

const paragraph = (n: number) => `Paragraph ${n}. ${'The warranty covers parts and labour. '.repeat(30).trim()}`;

describe('the composer on a Twilio conversation', () => {
  it('says how many WhatsApp messages a reply over 1,600 characters goes out as', async () => {
    const s = scenario({ kind: 'twilio' });
    const { container } = await renderComposer(s);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.change(box, { target: { value: 'x'.repeat(1600) } });
    expect(screen.queryByRole('status')).toBeNull();
    fireEvent.change(box, { target: { value: [1, 2, 3].map(paragraph).join('\n\n') } });
    expect(screen.getByRole('status').textContent).toBe(
      'Goes out as 3 WhatsApp messages: Twilio takes at most 1,600 characters in one.',
    );
    await expectAccessible(container);
  });

  it('says nothing on other channels, or for a private note', async () => {
    const long = [1, 2].map(paragraph).join('\n\n');
    const wa = scenario({ kind: 'whatsapp' });
    const first = await renderComposer(wa);
    fireEvent.change(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: long } });
    expect(screen.queryByRole('status')).toBeNull();
    first.unmount();
    await renderComposer(scenario({ kind: 'twilio' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Private note' }));
    fireEvent.change(screen.getByRole('textbox'), { target: { value: long } });
    expect(screen.queryByRole('status')).toBeNull();
  });
});
