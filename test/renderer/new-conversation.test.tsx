import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { SendRequest } from '../../src/shared/api.js';
import type { Channel } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import type { StartConversationRequest, StartConversationResult } from '../../src/shared/outreach.js';
import { CountrySetting } from '../../src/renderer/src/features/admin/channels/country-setting.js';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { NewConversationButton } from '../../src/renderer/src/features/new-conversation/new-conversation-dialog.js';
import { ContactPanel } from '../../src/renderer/src/features/contact/contact-panel.js';
import { expectAccessible } from './axe.js';
import { HOUR, makeChannel, makeContact, makeConversation, makeMessage, makeRow, makeTemplate } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

const JP_WHATSAPP: Partial<Channel> = {
  settings: { ...makeChannel().settings, country: 'JP' },
};

/** The hub's answer to a start: a new conversation of a new contact, which the fake then lists. */
function answerStarts(s: Scenario): StartConversationRequest[] {
  const requests: StartConversationRequest[] = [];
  s.api.hub.startConversation = async (request) => {
    requests.push(request);
    const contact = makeContact({ id: 'contact-new', name: '+819012345678' });
    const conversation = makeConversation({ id: 'conv-new', contactId: contact.id, lastInboundAt: null });
    s.api.rows = [
      ...s.api.rows,
      makeRow(conversation, { contact, channelKind: 'whatsapp', channelName: s.channel.name }),
    ];
    const message = makeMessage({ conversationId: conversation.id, direction: 'out', kind: 'template' });
    const result: StartConversationResult = {
      conversation,
      contact,
      message,
      createdConversation: true,
      createdContact: true,
    };
    return result;
  };
  return requests;
}

async function renderToolbarButton(s: Scenario, locale = 'en-US') {
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  await store.getState().loadChannels();
  return renderWithStore(<NewConversationButton />, s.api, store);
}

describe('new conversation dialog', () => {
  it('an agent writes to a new WhatsApp number typed with a national 0 and dashes: number shown, template filled, cost shown, and the conversation opens', async () => {
    const s = scenario({ channel: JP_WHATSAPP });
    s.api.templates = [
      makeTemplate({
        id: 'tpl-m',
        name: 'spring_offer',
        category: 'marketing',
        body: 'Hello {{1}}, code {{2}}.',
        placeholders: ['contact.name', 'custom'],
      }),
      makeTemplate({ id: 'tpl-p', name: 'pending_one', status: 'pending' }),
    ];
    const requests = answerStarts(s);
    const { user, store, container } = await renderToolbarButton(s);
    await user.click(screen.getByRole('button', { name: /New conversation/ }));
    const dialog = screen.getByRole('dialog', { name: 'New conversation' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Channel' }), s.channel.id);
    await user.type(within(dialog).getByRole('textbox', { name: 'Phone number' }), '090-1234-5678');
    expect(within(dialog).getByText('WhatsApp number: +819012345678')).toBeTruthy();

    const picker = await within(dialog).findByRole('combobox', { name: 'Template' });
    expect(within(picker).queryByRole('option', { name: /pending_one/ })).toBeNull();
    await user.selectOptions(picker, 'tpl-m');
    expect(within(dialog).getByTestId('outreach-cost').textContent).toBe(
      'Opening this conversation costs 3 credits (business-initiated, marketing). · WhatsApp credits: 120',
    );
    const send = within(dialog).getByRole('button', { name: 'Send' });
    // The agent's own placeholder is empty; the contact name the hub fills when left empty.
    expect(send).toHaveProperty('disabled', true);
    expect(within(dialog).getByText('Left empty, Contact name is filled in when it is sent.')).toBeTruthy();
    await user.type(within(dialog).getByRole('textbox', { name: 'Placeholder 2 (Typed by the agent)' }), 'SPRING');
    await expectAccessible(container.ownerDocument.body);
    await user.click(send);

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({
      channelId: s.channel.id,
      to: { phone: '090-1234-5678' },
      kind: 'template',
      template: { templateId: 'tpl-m', params: ['', 'SPRING'] },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(store.getState().selectedId).toBe('conv-new');
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe('conv-new'));
  });

  it('a number that cannot be one says why and Send stays off', async () => {
    const s = scenario({ channel: JP_WHATSAPP });
    s.api.templates = [makeTemplate()];
    const { user } = await renderToolbarButton(s);
    await user.click(screen.getByRole('button', { name: /New conversation/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), s.channel.id);
    await user.type(screen.getByRole('textbox', { name: 'Phone number' }), '090-12');
    expect(screen.getByText('This number has too few or too many digits.')).toBeTruthy();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Template' }), 'tpl-1');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
  });

  it('the hub’s refusal is said in the agent’s words, in Japanese too', async () => {
    const s = scenario({ channel: JP_WHATSAPP });
    s.api.templates = [makeTemplate()];
    s.api.hub.startConversation = async () => {
      throw new AppError('TEMPLATE_NOT_APPROVED');
    };
    const { user } = await renderToolbarButton(s, 'ja-JP');
    await user.click(screen.getByRole('button', { name: /新しい会話/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'チャネル' }), s.channel.id);
    await user.type(screen.getByRole('textbox', { name: '電話番号' }), '+81 90 1234 5678');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'テンプレート' }), 'tpl-1');
    await user.click(screen.getByRole('button', { name: '送信' }));
    expect((await screen.findByRole('alert')).textContent).toBe('このテンプレートはまだ承認されていません。');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('on Telegram only a contact who wrote before can be chosen, found from the cache, and the first message is text', async () => {
    const s = scenario({ kind: 'telegram' });
    const ken = makeContact({
      id: 'contact-ken',
      channelId: s.channel.id,
      name: 'Ken',
      identity: { externalId: '5550001', phone: null, username: 'ken' },
    });
    s.api.contactHits = [
      { contact: ken, channelId: s.channel.id, channelKind: 'telegram', channelName: s.channel.name, lastMessageAt: 1 },
    ];
    const requests = answerStarts(s);
    const { user } = await renderToolbarButton(s);
    await user.click(screen.getByRole('button', { name: /New conversation/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), s.channel.id);
    expect(screen.queryByRole('textbox', { name: 'Phone number' })).toBeNull();
    expect(
      screen.getByText(/On Telegram you can write only to customers who wrote to the channel before/),
    ).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: 'Search contacts' }), 'ke');
    await user.click(await screen.findByRole('button', { name: /Ken/ }));
    expect(screen.getByText('To: Ken')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Your parcel is here');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ to: { contactId: 'contact-ken' }, kind: 'text', text: 'Your parcel is here' });
  });

  it('the contact panel’s “Write to this customer” opens the dialog for that contact, free inside the window', async () => {
    const s = scenario({ channel: JP_WHATSAPP, lastInboundAt: Date.now() - 30 * HOUR });
    s.api.templates = [makeTemplate({ category: 'marketing' })];
    const store = makeStore(s.api);
    await store.getState().loadSession();
    await store.getState().loadChannels();
    await store.getState().openConversation(s.row.conversation.id, null);
    const { user } = renderWithStore(<ContactPanel />, s.api, store);
    await user.click(screen.getByRole('button', { name: 'Write to this customer' }));
    expect(screen.getByText('To: Hiroshi Sato')).toBeTruthy();
    // Outside the window: a template, at the marketing price; its contact name prefilled.
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Template' }), 'tpl-1');
    expect(screen.getByRole('textbox', { name: 'Placeholder 1 (Contact name)' })).toHaveProperty(
      'value',
      'Hiroshi Sato',
    );
    expect(screen.getByTestId('outreach-cost').textContent).toMatch(/costs 3 credits/);
  });
});

describe('templates on an open WhatsApp window', () => {
  it('inside the window the composer still offers approved templates, free, beside the reply box', async () => {
    const s = scenario({ lastInboundAt: Date.now() - HOUR });
    s.api.templates = [makeTemplate()];
    const store = makeStore(s.api);
    await store.getState().loadSession();
    await store.getState().openConversation(s.row.conversation.id, null);
    const { user, container } = renderWithStore(<Composer />, s.api, store);
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();
    await user.click(screen.getByText('Send a template'));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Template' }), 'tpl-1');
    expect(screen.getByTestId('template-preview').textContent).toBe(
      'Hello Hiroshi Sato, your ticket 1042 has an update.',
    );
    await expectAccessible(container);
    await user.click(screen.getByRole('button', { name: 'Send template' }));
    await waitFor(() => expect(s.api.callsOf('sendMessage')).toHaveLength(1));
    const [req] = s.api.callsOf('sendMessage')[0] as [SendRequest];
    expect(req).toMatchObject({
      kind: 'template',
      template: { templateId: 'tpl-1', params: ['Hiroshi Sato', '1042'] },
    });
  });

  it('Telegram conversations have no template picker', async () => {
    const s = scenario({ kind: 'telegram' });
    const store = makeStore(s.api);
    await store.getState().loadSession();
    await store.getState().openConversation(s.row.conversation.id, null);
    renderWithStore(<Composer />, s.api, store);
    expect(screen.queryByText('Send a template')).toBeNull();
  });
});

describe('the channel’s country for phone numbers', () => {
  it('an admin sets Japan for a WhatsApp channel and can clear it again', async () => {
    const s = scenario();
    const updates: unknown[] = [];
    s.api.hub.adminUpdateChannel = async (_id, change) => {
      updates.push(change);
      return s.channel;
    };
    const { user, container } = renderWithStore(
      <CountrySetting channel={s.channel} onChanged={() => undefined} />,
      s.api,
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Country of national phone numbers' }), 'JP');
    await user.click(screen.getByRole('button', { name: 'Save country' }));
    await waitFor(() => expect(screen.getByText('Country saved.')).toBeTruthy());
    await user.selectOptions(screen.getByRole('combobox', { name: 'Country of national phone numbers' }), '');
    await user.click(screen.getByRole('button', { name: 'Save country' }));
    await waitFor(() => expect(updates).toHaveLength(2));
    expect(updates).toEqual([{ settings: { country: 'JP' } }, { settings: { country: null } }]);
    await expectAccessible(container);
  });

  it('Telegram channels have no country setting', () => {
    const s = scenario({ kind: 'telegram' });
    renderWithStore(<CountrySetting channel={s.channel} onChanged={() => undefined} />, s.api);
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
