/**
 * The template repository on both stores: what the composer's template list, the WhatsApp sync and the
 * category-change resubmission read back.
 */
import { expect, test } from 'vitest';
import type { Template } from '../../../src/shared/domain.js';
import { describeStores } from './stores.js';
import { T0, addChannel, fixtureId } from './fixtures.js';

function template(channelId: string, fields: Partial<Template> = {}): Template {
  return {
    id: fixtureId('template'),
    channelId,
    name: 'order_update',
    language: 'en',
    category: 'utility',
    body: 'Hello {{1}}, your order {{2}} shipped.',
    placeholders: ['contact.name', 'custom'],
    status: 'approved',
    header: null,
    footer: null,
    buttons: [],
    examples: [],
    providerTemplateId: null,
    rejectionReason: null,
    categoryChange: null,
    resubmission: null,
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
}

describeStores('templates', ({ open }) => {
  test('a WhatsApp template reads back whole, by id, by name and language, and by Meta id', async () => {
    const store = await open();
    const channel = await addChannel(store, { kind: 'whatsapp' });
    const full = template(channel.id, {
      header: { format: 'text', text: 'Order {{1}}', placeholder: 'ticket.number', example: '1042' },
      footer: 'Reply STOP to opt out',
      buttons: [
        { type: 'quick_reply', text: 'Thanks' },
        { type: 'url', text: 'Track', url: 'https://example.test/t/{{1}}', placeholder: 'custom', example: 'x1' },
      ],
      examples: ['Ann', 'A-1'],
      providerTemplateId: 'meta-1',
      categoryChange: { category: 'marketing', at: T0 + 86_400_000 },
    });
    await store.templates.insert(full);

    expect(await store.templates.findById(full.id)).toEqual(full);
    expect(await store.templates.findByName(channel.id, 'order_update', 'en')).toEqual(full);
    expect(await store.templates.findByName(channel.id, 'order_update', 'ja')).toBeNull();
    expect(await store.templates.findByProviderId(channel.id, 'meta-1')).toEqual(full);
    expect(await store.templates.findByProviderId('another-channel', 'meta-1')).toBeNull();
    expect(await store.templates.findById('missing')).toBeNull();
  });

  test('a category change waiting for Meta is found by the new template’s id, and switching over renames it', async () => {
    const store = await open();
    const channel = await addChannel(store, { kind: 'whatsapp' });
    const approved = template(channel.id, { providerTemplateId: 'meta-old' });
    await store.templates.insert(approved);
    const waiting: Template = {
      ...approved,
      resubmission: {
        providerTemplateId: 'meta-new',
        name: 'order_update_v2',
        category: 'marketing',
        status: 'pending',
        rejectionReason: null,
        submittedAt: T0 + 1,
      },
      updatedAt: T0 + 1,
    };
    await store.templates.update(waiting);
    expect(await store.templates.findByResubmissionId(channel.id, 'meta-new')).toEqual(waiting);
    expect(await store.templates.findByResubmissionId(channel.id, 'meta-old')).toBeNull();

    const switched: Template = {
      ...waiting,
      name: 'order_update_v2',
      category: 'marketing',
      providerTemplateId: 'meta-new',
      resubmission: null,
      updatedAt: T0 + 2,
    };
    await store.templates.update(switched);
    expect(await store.templates.findById(approved.id)).toEqual(switched);
    expect(await store.templates.findByName(channel.id, 'order_update', 'en')).toBeNull();
    expect(await store.templates.findByResubmissionId(channel.id, 'meta-new')).toBeNull();
  });

  test('a channel has one template per name and language', async () => {
    const store = await open();
    const channel = await addChannel(store);
    await store.templates.insert(template(channel.id));
    await store.templates.insert(template(channel.id, { language: 'ja' }));
    await expect(store.templates.insert(template(channel.id))).rejects.toThrow();
    const other = await addChannel(store);
    await store.templates.insert(template(other.id));
    expect(await store.templates.listOfChannel(channel.id)).toHaveLength(2);
  });

  test('lists sort by name then language, byte by byte, deleted ones included, within the scope', async () => {
    const store = await open();
    const a = await addChannel(store);
    const b = await addChannel(store);
    // Byte order: capitals before small letters, '_' (0x5F) before letters; a linguistic collation differs.
    for (const [name, language] of [
      ['ab', 'en'],
      ['a_c', 'en'],
      ['Zeta', 'en'],
      ['ab', 'en_US'],
      ['ab', 'de'],
    ] as const)
      await store.templates.insert(
        template(a.id, { name, language, status: name === 'Zeta' ? 'deleted' : 'approved' }),
      );
    await store.templates.insert(template(b.id, { name: 'B_only' }));

    const order = (list: readonly Template[]) => list.map((t) => `${t.name}/${t.language}`);
    const expected = ['Zeta/en', 'a_c/en', 'ab/de', 'ab/en', 'ab/en_US'];
    expect(order(await store.templates.listOfChannel(a.id))).toEqual(expected);
    expect(order(await store.templates.list([a.id]))).toEqual(expected);
    expect(order(await store.templates.list(null))).toEqual(['B_only/en', ...expected]);
    expect(order(await store.templates.list(null, b.id))).toEqual(['B_only/en']);
    expect(order(await store.templates.list([a.id], b.id))).toEqual([]);
    expect(await store.templates.list([])).toEqual([]);
  });

  test('the sync record starts empty and each save replaces the last one', async () => {
    const store = await open();
    const channel = await addChannel(store, { kind: 'whatsapp' });
    expect(await store.templates.syncOf(channel.id)).toBeNull();
    const failed = {
      channelId: channel.id,
      fingerprint: 'f1',
      attemptedAt: T0,
      syncedAt: null,
      errorCode: 'PROVIDER_AUTH_FAILED',
      errorMessage: 'Invalid OAuth access token',
      templateCount: 0,
    };
    await store.templates.saveSync(failed);
    expect(await store.templates.syncOf(channel.id)).toEqual(failed);
    const synced = {
      ...failed,
      fingerprint: 'f2',
      attemptedAt: T0 + 5,
      syncedAt: T0 + 5,
      errorCode: null,
      errorMessage: null,
      templateCount: 7,
    };
    await store.templates.saveSync(synced);
    expect(await store.templates.syncOf(channel.id)).toEqual(synced);
  });
});
