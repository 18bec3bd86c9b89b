import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SendRequest } from '../../src/shared/api.js';
import { DEFAULT_CREDIT_COSTS } from '../../src/shared/domain.js';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { HOUR, makeTemplate } from './factories.js';
import { renderWithStore, makeStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function renderComposer(s: Scenario) {
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(<Composer />, s.api, store);
}

function sent(s: Scenario): SendRequest[] {
  return s.api.callsOf('sendMessage').map(([req]) => req as SendRequest);
}

function file(name: string, bytes: number, type = ''): File {
  return new File([new Uint8Array(bytes).fill(65)], name, { type });
}

describe('composer', () => {
  it('Enter sends the reply and Shift+Enter starts a new line', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.type(box, 'Hello{Shift>}{Enter}{/Shift}there');
    expect(sent(s)).toHaveLength(0);
    expect(box).toHaveProperty('value', 'Hello\nthere');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent(s)).toHaveLength(1));
    expect(sent(s)[0]).toMatchObject({ conversationId: 'conv-1', kind: 'text', text: 'Hello\nthere' });
    await waitFor(() => expect(box).toHaveProperty('value', ''));
  });

  it('Enter that confirms Japanese input (IME) does not send', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.type(box, 'こんにちは');
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    expect(sent(s)).toHaveLength(0);
  });

  it('a file type the channel does not accept is refused before upload, naming the types it does', async () => {
    const s = scenario({ kind: 'line' });
    await renderComposer(s);
    // The picker's accept list is only a hint: "All files" in the OS dialog gets past it.
    fireEvent.change(screen.getByTestId('file-picker'), {
      target: { files: [file('invoice.pdf', 1000, 'application/pdf')] },
    });
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      '“invoice.pdf”: LINE accepts only mp4, m4a, jpg, jpeg, png.',
    );
    expect(screen.queryByRole('button', { name: 'Remove invoice.pdf' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
  });

  it('a file over the provider size limit is refused with the limit', async () => {
    const s = scenario({ kind: 'whatsapp' });
    const { user } = await renderComposer(s);
    await user.upload(screen.getByTestId('file-picker'), file('scan.jpg', 6 * 1024 * 1024, 'image/jpeg'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '“scan.jpg” is larger than 5 MB, the most WhatsApp accepts.',
    );
  });

  it('an accepted file is attached and goes out with the reply as an attachment', async () => {
    const s = scenario();
    const { user } = await renderComposer(s);
    await user.upload(screen.getByTestId('file-picker'), file('receipt.png', 3));
    expect(await screen.findByRole('button', { name: 'Remove receipt.png' })).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Reply' }), 'Here it is{Enter}');
    await waitFor(() => expect(sent(s)).toHaveLength(1));
    expect(sent(s)[0]).toMatchObject({
      kind: 'attachment',
      text: 'Here it is',
      files: [{ fileName: 'receipt.png', mimeType: 'image/png', data: new Uint8Array([65, 65, 65]) }],
    });
    // The file's bytes themselves, not base64 text: IPC clones a Uint8Array as it is.
    expect(sent(s)[0]?.files?.[0]?.data).toBeInstanceOf(Uint8Array);
  });

  it('files can be pasted or dropped into the composer, and are checked the same way', async () => {
    const s = scenario({ kind: 'telegram' });
    await renderComposer(s);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.paste(box, { clipboardData: { files: [file('photo.jpg', 10)] } });
    expect(await screen.findByRole('button', { name: 'Remove photo.jpg' })).toBeTruthy();
    fireEvent.drop(box, { dataTransfer: { files: [file('virus.exe', 10)] } });
    expect((await screen.findByRole('alert')).textContent).toContain('“virus.exe”: Telegram accepts only');
    expect(screen.getByRole('button', { name: 'Remove photo.jpg' })).toBeTruthy();
  });

  it('after the WhatsApp window closes only a template can be sent, with placeholders prefilled and a live preview', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 30 * HOUR });
    s.api.templates = [makeTemplate(), makeTemplate({ id: 'tpl-2', name: 'draft_one', status: 'pending' })];
    const { user } = await renderComposer(s);
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(screen.getByText(/24-hour WhatsApp session window has closed/)).toBeTruthy();

    const picker = screen.getByRole('combobox', { name: 'Template' });
    expect(within(picker).queryByRole('option', { name: /draft_one/ })).toBeNull();
    await user.selectOptions(picker, 'tpl-1');
    const name = screen.getByRole('textbox', { name: 'Placeholder 1 (Contact name)' });
    expect(name).toHaveProperty('value', 'Hiroshi Sato');
    expect(screen.getByTestId('template-preview').textContent).toBe(
      'Hello Hiroshi Sato, your ticket 1042 has an update.',
    );
    await user.clear(name);
    expect(screen.getByTestId('template-preview').textContent).toBe('Hello {{1}}, your ticket 1042 has an update.');
    expect(screen.getByRole('button', { name: 'Send template' })).toHaveProperty('disabled', true);
    await user.type(name, 'Sato-san');
    await user.click(screen.getByRole('button', { name: 'Send template' }));
    await waitFor(() => expect(sent(s)).toHaveLength(1));
    expect(sent(s)[0]).toMatchObject({
      kind: 'template',
      template: { templateId: 'tpl-1', params: ['Sato-san', '1042'] },
    });
  });

  it('after the WeChat window closes the composer says why nothing can be sent', async () => {
    const s = scenario({ kind: 'wechat', lastInboundAt: Date.now() - 49 * HOUR });
    await renderComposer(s);
    expect(screen.getByText(/More than 48 hours have passed since the customer last wrote/)).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Template' })).toBeNull();
  });

  it('shows the time left in the window and the WhatsApp credit balance', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 21 * HOUR });
    await renderComposer(s);
    expect(screen.getByText(/Session window: 2h 5\dm left|Session window: 3h 0m left/)).toBeTruthy();
    expect(screen.getByText('WhatsApp credits: 120')).toBeTruthy();
  });

  it('an empty credit balance stops template sends with the reason', async () => {
    const s = scenario({
      lastInboundAt: Date.now() - 30 * HOUR,
      channel: {
        credits: {
          balance: 0,
          cancellationScheduled: false,
          costs: DEFAULT_CREDIT_COSTS,
          lowBalanceThreshold: null,
          updatedAt: 0,
        },
      },
    });
    s.api.templates = [makeTemplate()];
    const { user } = await renderComposer(s);
    expect(screen.getByText('WhatsApp credits are used up: templates cannot be sent.')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template' }), 'tpl-1');
    expect(screen.getByRole('button', { name: 'Send template' })).toHaveProperty('disabled', true);
  });

  it('a chosen template shows what its category costs beside the balance', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 30 * HOUR });
    s.api.templates = [makeTemplate({ category: 'marketing' })];
    const { user } = await renderComposer(s);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template' }), 'tpl-1');
    expect(screen.getByText('This template costs 3 · WhatsApp credits: 120')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send template' })).toHaveProperty('disabled', false);
  });

  it('a balance below the template’s cost refuses the send here, saying why in English and Japanese', async () => {
    const credits = {
      balance: 2,
      cancellationScheduled: false,
      costs: { ...DEFAULT_CREDIT_COSTS, marketing: 3 },
      lowBalanceThreshold: null,
      updatedAt: 0,
    };
    for (const [locale, words] of [
      ['en-US', 'Not enough WhatsApp credits: this template costs 3 and 2 are left.'],
      ['ja-JP', 'WhatsApp のクレジットが足りません（必要: 3、残高: 2）。テンプレートを送信できません。'],
    ] as const) {
      const s = scenario({ lastInboundAt: Date.now() - 30 * HOUR, channel: { credits } });
      s.api.templates = [makeTemplate({ category: 'marketing' }), makeTemplate({ id: 'tpl-u', name: 'receipt' })];
      const store = makeStore(s.api, { locale });
      await store.getState().loadSession();
      await store.getState().openConversation('conv-1', null);
      const { user, unmount } = renderWithStore(<Composer />, s.api, store);
      await user.selectOptions(screen.getByRole('combobox'), 'tpl-1');
      expect(screen.getByRole('alert').textContent).toBe(words);
      expect(screen.getByRole('button', { name: /Send template|テンプレートを送信/ })).toHaveProperty('disabled', true);
      // The store refuses it too, whatever the button says.
      expect(await store.getState().sendTemplate('tpl-1', ['a', 'b'])).toBe(false);
      expect(store.getState().sendErrorCode).toBe('CREDITS_EXHAUSTED');
      // A utility template costs 1, which the balance covers.
      await user.selectOptions(screen.getByRole('combobox'), 'tpl-u');
      expect(screen.queryByText(words)).toBeNull();
      unmount();
      expect(sent(s)).toEqual([]);
    }
  });

  it('a private note can be written even when the window has closed', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 30 * HOUR });
    const { user } = await renderComposer(s);
    await user.click(screen.getByRole('checkbox', { name: 'Private note' }));
    await user.type(screen.getByRole('textbox', { name: 'Private note' }), 'Customer called by phone{Enter}');
    await waitFor(() => expect(sent(s)).toHaveLength(1));
    expect(sent(s)[0]).toMatchObject({ kind: 'note', text: 'Customer called by phone' });
  });

  it('the saved draft comes back and typing saves it again', async () => {
    const s = scenario();
    s.api.drafts.set('conv-1', 'Dear customer,');
    const { user } = await renderComposer(s);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    expect(box).toHaveProperty('value', 'Dear customer,');
    await user.type(box, ' thanks');
    await waitFor(() => expect(s.api.drafts.get('conv-1')).toBe('Dear customer, thanks'));
  });

  it('a refused send keeps the text and says why', async () => {
    const s = scenario();
    s.api.failNext('sendMessage', 'PROVIDER_UNREACHABLE_COUNTRY');
    const { user } = await renderComposer(s);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await user.type(box, 'Hello{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The provider cannot deliver to the customer’s country.',
    );
    expect(box).toHaveProperty('value', 'Hello');
  });
});
