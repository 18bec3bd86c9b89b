/**
 * The contact panel's email and attributes, and linking the contact to the same customer on another
 * channel (issue 14 §4): a bad email or a nameless attribute is said in words and nothing is sent; a
 * good one is saved; "Link to another contact…" searches the cache and merges; the person's other
 * identity is listed with "Separate"; the panel is axe-clean.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { ContactPanel } from '../../src/renderer/src/features/contact/contact-panel.js';
import { expectAccessible } from './axe.js';
import { makeChannel, makeContact, makeConversation } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function open(s: Scenario, locale = 'en-US') {
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  await store.getState().loadChannels();
  await store.getState().openConversation(s.row.conversation.id, null);
  return renderWithStore(<ContactPanel />, s.api, store);
}

const line = makeChannel({ kind: 'line', name: 'LINE shop' });
const lineContact = makeContact({ id: 'contact-line', channelId: line.id, name: 'Hana (LINE)' });
const lineHit = {
  contact: lineContact,
  channelId: line.id,
  channelKind: 'line' as const,
  channelName: 'LINE shop',
  lastMessageAt: null,
};
const result = { mergeId: 'm1', personId: 'p1', contacts: [] };

describe('contact details and persons', () => {
  it('refuses a bad email and a nameless attribute in words, then saves email and attributes', async () => {
    const s = scenario();
    s.api.hub.updateContact = async (_id, change) => ({ ...s.row.contact, ...change });
    const { user, container } = await open(s);
    const panel = await screen.findByRole('complementary', { name: 'Contact' });
    expect(within(panel).getByText('No email or attributes yet.')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: /Edit the email and attributes/ }));
    await user.type(within(panel).getByLabelText('Email'), 'hana at example');
    await user.click(within(panel).getByRole('button', { name: 'Save' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('This is not an email address');
    expect(s.api.callsOf('updateContact')).toEqual([]);

    await user.clear(within(panel).getByLabelText('Email'));
    await user.type(within(panel).getByLabelText('Email'), 'hana@example.jp');
    await user.click(within(panel).getByRole('button', { name: 'Add attribute' }));
    await user.type(within(panel).getByLabelText('Value of attribute 1'), 'Gold');
    await user.click(within(panel).getByRole('button', { name: 'Save' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('Every attribute needs a name');
    await user.type(within(panel).getByLabelText('Name of attribute 1'), 'Plan');
    await expectAccessible(container);
    await user.click(within(panel).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(s.api.callsOf('updateContact')).toEqual([
        [s.row.contact.id, { email: 'hana@example.jp', attributes: { Plan: 'Gold' } }],
      ]),
    );
  });

  it('links the contact to one found by search, lists the other identity and separates it again', async () => {
    const s = scenario();
    s.api.channels = [...s.api.channels, line];
    s.api.contactHits = [lineHit];
    s.api.hub.mergeContact = async () => result;
    s.api.hub.unmergeContact = async () => result;
    const { user, container } = await open(s);
    const panel = await screen.findByRole('complementary', { name: 'Contact' });
    expect(within(panel).getByText('Not linked to a contact on another channel.')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Link to another contact…' }));
    await user.type(within(panel).getByRole('searchbox', { name: 'Find a contact' }), 'hana');
    const pick = await within(panel).findByRole('button', { name: 'Link Hana (LINE) (LINE shop)' });
    await expectAccessible(container);
    await user.click(pick);
    await waitFor(() => expect(s.api.callsOf('mergeContact')).toEqual([[s.row.contact.id, lineContact.id]]));
    expect(await within(panel).findByText('Linked. Their conversations are listed together.')).toBeTruthy();
  });

  it("shows the person's other identity and its conversation with its channel, and separates them", async () => {
    const s = scenario();
    s.api.channels = [...s.api.channels, line];
    const merged = { ...s.row.contact, personId: 'p1' };
    s.api.rows = [{ ...s.row, contact: merged }];
    s.api.personContacts.set(merged.id, [lineHit]);
    s.api.pastConversations.set(s.row.conversation.id, [
      makeConversation({
        id: 'conv-line',
        channelId: line.id,
        contactId: lineContact.id,
        lastMessagePreview: 'LINE hello',
      }),
    ]);
    s.api.hub.unmergeContact = async () => result;
    const { user, container } = await open(s);
    const panel = await screen.findByRole('complementary', { name: 'Contact' });
    const separate = await within(panel).findByRole('button', {
      name: 'Separate Hana (LINE) (LINE shop) from this customer',
    });
    expect(within(panel).getByRole('button', { name: /LINE hello/ }).textContent).toContain('on LINE shop');
    await expectAccessible(container);
    await user.click(separate);
    await waitFor(() => expect(s.api.callsOf('unmergeContact')).toEqual([[lineContact.id]]));
  });

  it('speaks Japanese: the details, the link button and a bad email in words, axe-clean', async () => {
    const s = scenario();
    const { user, container } = await open(s, 'ja-JP');
    const panel = await screen.findByRole('complementary', { name: 'お客様情報' });
    expect(within(panel).getByText('他のチャネルのコンタクトとは紐付いていません。')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: '別のコンタクトと紐付け…' })).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: /のメールアドレスと属性を編集/ }));
    await user.type(within(panel).getByLabelText('メールアドレス'), 'hana@');
    await user.click(within(panel).getByRole('button', { name: '保存' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('メールアドレスの形式ではありません');
    await expectAccessible(container);
    expect(s.api.callsOf('updateContact')).toEqual([]);
  });
});
