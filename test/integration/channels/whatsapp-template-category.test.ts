/**
 * A WhatsApp template's category, as Meta rules it: an approved template's
 * category cannot be edited (the hub submits it again as a new template and
 * switches over once Meta approves it, FAQ 64), an approved template's wording
 * may be edited once a day and ten times a month, and Meta itself may
 * re-categorise a template, announcing it first (`template_category_update`).
 * A real hub with the provider side, the fake Graph API and Meta's signed
 * webhooks.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { DEFAULT_CREDIT_COSTS, Template } from '../../../src/shared/domain.js';
import { TemplateSyncResult, TemplateSyncState } from '../../../src/shared/templates.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';
import { metaChannel, type MetaChannel } from '../../helpers/whatsapp-templates.js';
import { waitFor } from './harness.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('WhatsApp template categories at Meta', () => {
  let fake: FakeProvider;
  let t: TestHub;
  let aiko: TestAgent;

  beforeEach(async () => {
    fake = await startFakeProvider();
    t = await startHub({ extensions: [createProviderExtension({ templateRefreshTickMs: 20 })] });
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
    await fake.close();
  });

  const admin = (method: string, path: string, payload?: unknown) =>
    t.api(method, path, { token: t.adminToken, ...(payload === undefined ? {} : { body: payload }) });
  const templateOf = async (channelId: string, id: string): Promise<Template | undefined> =>
    ((await admin('GET', `/api/templates?channelId=${channelId}`)).body as { items: unknown[] }).items
      .map((item) => Template.parse(item))
      .find((tpl) => tpl.id === id);

  /** A channel on the fake Meta, synced once, Aiko linked and listening, with an approved template. */
  async function approvedTemplate(): Promise<MetaChannel & { sock: TestSocket; template: Template }> {
    const wa = await metaChannel(t, fake, { linkAgentIds: [aiko.agent.id], credits: 20 });
    await waitFor('the first template sync', async () => {
      const state = TemplateSyncState.parse(
        (await admin('GET', `/api/templates/sync?channelId=${wa.channel.id}`)).body,
      );
      return state.status === 'ok' ? state : undefined;
    });
    const created = await admin('POST', '/api/templates', {
      channelId: wa.channel.id,
      name: 'delivery_update',
      language: 'en_US',
      category: 'utility',
      body: 'Hi {{1}}, your order {{2}} is on its way.',
      placeholders: ['contact.name', 'ticket.number'],
      examples: ['Aiko', '1024'],
    });
    const template = Template.parse(created.body);
    await wa.meta.decide(template.providerTemplateId ?? '', 'APPROVED');
    await waitFor('the approval', async () => (await templateOf(wa.channel.id, template.id))?.status === 'approved');
    return { ...wa, sock: await t.connect(aiko.token), template };
  }

  /** A conversation whose customer last wrote two days ago: a template opens it and costs credits. */
  async function closedConversation(channelId: string, from = '819012345678'): Promise<string> {
    const ingested = await t.ingestText(channelId, { from, name: '佐藤', at: t.clock.now() - 2 * DAY });
    return (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId ?? '';
  }
  const sendTemplate = (sock: TestSocket, conversationId: string, templateId: string) =>
    sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'template',
      template: { templateId, params: ['佐藤', '42'] },
    });
  const sentWith = (name: string) =>
    fake.state.waitForCall(
      'whatsapp',
      (c) => c.path.endsWith('/messages') && JSON.stringify(c.json).includes(`"name":"${name}"`),
    );
  const balanceOf = async (channelId: string): Promise<number | undefined> =>
    (await t.hub.store.channels.findById(channelId))?.credits?.balance;

  it('a new category on an approved template is submitted as a new template; the approved one is sent until Meta approves it, then the template switches over', async () => {
    const { channel, meta, wabaId, sock, template } = await approvedTemplate();
    const oldId = template.providerTemplateId ?? '';

    // Merge fields are Switchboard's own: changing them asks Meta nothing.
    const before = fake.state.callsTo('whatsapp', `/v21.0/${oldId}`).length;
    const remapped = await admin('PATCH', `/api/templates/${template.id}`, {
      placeholders: ['contact.name', 'custom'],
    });
    expect(remapped.body).toMatchObject({ status: 'approved', placeholders: ['contact.name', 'custom'] });

    // Meta reviews a new category and new wording as two things: the admin changes one at a time.
    const both = await admin('PATCH', `/api/templates/${template.id}`, {
      category: 'marketing',
      body: 'Hi {{1}}, order {{2}} ships today.',
    });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^category/) },
    });

    const changed = await admin('PATCH', `/api/templates/${template.id}`, { category: 'marketing' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'delivery_update',
      category: 'utility',
      status: 'approved',
      resubmission: { name: 'delivery_update_marketing', category: 'marketing', status: 'pending' },
    });
    // Meta was never asked to edit the approved one's category: the same content went in as a new template.
    expect(fake.state.callsTo('whatsapp', `/v21.0/${oldId}`)).toHaveLength(before);
    const submitted = meta.byName(wabaId, 'delivery_update_marketing', 'en_US');
    expect(submitted).toMatchObject({ status: 'PENDING', category: 'MARKETING' });
    expect(submitted?.components).toEqual(meta.byName(wabaId, 'delivery_update', 'en_US')?.components);

    // While Meta reviews the new one, the template changes no further at Meta.
    const reworded = await admin('PATCH', `/api/templates/${template.id}`, {
      body: 'Hello {{1}}, order {{2}} shipped.',
    });
    expect(reworded.body).toMatchObject({ error: { code: 'TEMPLATE_IN_REVIEW' } });
    const again = await admin('PATCH', `/api/templates/${template.id}`, { category: 'authentication' });
    expect(again.body).toMatchObject({ error: { code: 'TEMPLATE_IN_REVIEW' } });
    // A sync reads both from Meta and still keeps one template.
    const synced = TemplateSyncResult.parse((await admin('POST', `/api/templates/sync?channelId=${channel.id}`)).body);
    expect(synced.added).toBe(0);

    // Meanwhile agents send the approved one, at its utility cost.
    const conversationId = await closedConversation(channel.id);
    expect(await sendTemplate(sock, conversationId, template.id)).toMatchObject({ ok: true });
    await sentWith('delivery_update');
    expect(await balanceOf(channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.utility);

    await meta.decide(submitted?.id ?? '', 'APPROVED');
    const switched = await sock.waitForEvent(
      (e) => e.type === 'template.upsert' && e.template.name === 'delivery_update_marketing',
    );
    expect(switched).toMatchObject({
      template: {
        id: template.id,
        status: 'approved',
        category: 'marketing',
        providerTemplateId: submitted?.id,
        placeholders: ['contact.name', 'custom'],
        resubmission: null,
      },
    });
    // The old one is deleted at Meta: the account keeps one copy.
    await waitFor(
      'the old template deleted at Meta',
      async () => meta.byName(wabaId, 'delivery_update', 'en_US') === null,
    );
    // From now on agents send the new one, at its marketing cost.
    const another = await closedConversation(channel.id, '819087654321');
    expect(await sendTemplate(sock, another, template.id)).toMatchObject({ ok: true });
    await sentWith('delivery_update_marketing');
    expect(await balanceOf(channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.utility - DEFAULT_CREDIT_COSTS.marketing);
    const stillOne = TemplateSyncResult.parse(
      (await admin('POST', `/api/templates/sync?channelId=${channel.id}`)).body,
    );
    expect(stillOne).toMatchObject({ added: 0, removed: 0 });
    expect((await templateOf(channel.id, template.id))?.name).toBe('delivery_update_marketing');
  });

  it('a rejected resubmission says Meta’s reason, keeps the approved template, and can go to another category by Meta’s edit', async () => {
    const { channel, meta, wabaId, template } = await approvedTemplate();
    await admin('PATCH', `/api/templates/${template.id}`, { category: 'marketing' });
    const submitted = meta.byName(wabaId, 'delivery_update_marketing', 'en_US');
    await meta.decide(submitted?.id ?? '', 'REJECTED', { reason: 'INCORRECT_CATEGORY' });
    await waitFor(
      'the rejection',
      async () => (await templateOf(channel.id, template.id))?.resubmission?.status === 'rejected',
    );
    expect(await templateOf(channel.id, template.id)).toMatchObject({
      status: 'approved',
      category: 'utility',
      resubmission: { status: 'rejected', rejectionReason: 'INCORRECT_CATEGORY' },
    });
    // A rejected template may change its category at Meta: that one is edited, not submitted anew.
    const edited = await admin('PATCH', `/api/templates/${template.id}`, { category: 'authentication' });
    expect(edited.body).toMatchObject({
      status: 'approved',
      resubmission: { name: 'delivery_update_marketing', category: 'authentication', status: 'pending' },
    });
    expect(fake.state.callsTo('whatsapp', `/v21.0/${submitted?.id ?? ''}`).at(-1)).toMatchObject({
      method: 'POST',
      json: { category: 'AUTHENTICATION' },
    });
    // Deleting the template deletes both at Meta.
    await admin('DELETE', `/api/templates/${template.id}`);
    expect(meta.list(wabaId)).toEqual([]);
  });

  it('a resubmission deleted in WhatsApp Manager is forgotten at the next sync, and the category can change again', async () => {
    const { channel, meta, wabaId, template } = await approvedTemplate();
    await admin('PATCH', `/api/templates/${template.id}`, { category: 'marketing' });
    const submitted = meta.byName(wabaId, 'delivery_update_marketing', 'en_US');
    expect(meta.remove(wabaId, 'delivery_update_marketing', submitted?.id)).toBeNull();
    await admin('POST', `/api/templates/sync?channelId=${channel.id}`);
    expect(await templateOf(channel.id, template.id)).toMatchObject({ status: 'approved', resubmission: null });
    const again = await admin('PATCH', `/api/templates/${template.id}`, { category: 'marketing' });
    expect(again.body).toMatchObject({ resubmission: { name: 'delivery_update_marketing', status: 'pending' } });
    expect(meta.byName(wabaId, 'delivery_update_marketing', 'en_US')?.id).not.toBe(submitted?.id);
  });

  it('the fake Meta refuses to edit an approved template’s category, and edits nothing but approved, rejected or paused ones', async () => {
    const { meta, wabaId, template } = await approvedTemplate();
    const editAtMeta = (id: string, payload: unknown) =>
      fetch(`${fake.baseUrlFor('whatsapp')}/v21.0/${id}`, {
        method: 'POST',
        headers: { authorization: 'Bearer token', 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
    const refused = await editAtMeta(template.providerTemplateId ?? '', { category: 'MARKETING' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: {
        type: 'OAuthException',
        code: 100,
        error_user_title: 'Category cannot be edited',
        error_user_msg: expect.stringContaining('approved template cannot be edited'),
      },
    });
    expect(meta.byName(wabaId, 'delivery_update', 'en_US')).toMatchObject({ status: 'APPROVED', category: 'UTILITY' });

    const pending = meta.seed(wabaId, {
      name: 'in_review',
      status: 'PENDING',
      components: [{ type: 'BODY', text: 'Hello' }],
    });
    const notEditable = await editAtMeta(pending.id, { components: [{ type: 'BODY', text: 'Hi' }] });
    expect(await notEditable.json()).toMatchObject({
      error: { code: 100, error_user_msg: 'Only approved, rejected or paused templates can be edited.' },
    });
    const paused = meta.seed(wabaId, {
      name: 'paused_one',
      status: 'PAUSED',
      components: [{ type: 'BODY', text: 'Hi' }],
    });
    expect((await editAtMeta(paused.id, { category: 'MARKETING' })).status).toBe(200);
  });

  it('an approved template’s wording is edited at most once a day and ten times in 30 days; beyond that the admin reads Meta’s words', async () => {
    const { meta, template } = await approvedTemplate();
    const id = template.providerTemplateId ?? '';
    const reword = (n: number) =>
      admin('PATCH', `/api/templates/${template.id}`, { body: `Hi {{1}}, order {{2}} update ${n}.` });

    expect((await reword(1)).body).toMatchObject({ status: 'pending' });
    await meta.decide(id, 'APPROVED');
    await waitFor(
      'the approval',
      async () => (await templateOf(template.channelId, template.id))?.status === 'approved',
    );
    const sameDay = await reword(2);
    expect(sameDay.status).toBe(502);
    expect(sameDay.body).toMatchObject({
      error: { code: 'PROVIDER_REJECTED', message: expect.stringContaining('only once in 24 hours') },
    });
    expect((await templateOf(template.channelId, template.id))?.status).toBe('approved');

    for (let n = 2; n <= 10; n += 1) {
      meta.advanceClock(DAY + HOUR);
      expect((await reword(n)).body).toMatchObject({ status: 'pending' });
      await meta.decide(id, 'APPROVED');
      await waitFor(
        'the approval',
        async () => (await templateOf(template.channelId, template.id))?.status === 'approved',
      );
    }
    meta.advanceClock(DAY + HOUR);
    const eleventh = await reword(11);
    expect(eleventh.body).toMatchObject({ error: { message: expect.stringContaining('10 times in 30 days') } });
    // A rejected template is edited at will.
    await meta.decide(id, 'REJECTED', { reason: 'INVALID_FORMAT' });
    await waitFor(
      'the rejection',
      async () => (await templateOf(template.channelId, template.id))?.status === 'rejected',
    );
    expect((await reword(12)).body).toMatchObject({ status: 'pending' });
  });

  it('Meta’s announced re-categorisation is shown on the template; once done the template costs what its new category costs, on every channel of the account', async () => {
    const { channel, meta, wabaId, sock, template } = await approvedTemplate();
    const second = await metaChannel(t, fake, { wabaId, linkAgentIds: [aiko.agent.id], credits: 20 });
    await waitFor(
      'the second channel’s sync',
      async () => await t.hub.store.templates.findByProviderId(second.channel.id, template.providerTemplateId ?? ''),
    );
    const at = t.clock.now() + DAY;
    const impending = await meta.recategorize(template.providerTemplateId ?? '', 'impending', 'MARKETING', { at });
    expect(impending?.status).toBe(200);
    const announced = await sock.waitForEvent(
      (e) => e.type === 'template.upsert' && e.template.id === template.id && e.template.categoryChange !== null,
    );
    expect(announced).toMatchObject({
      template: { category: 'utility', categoryChange: { category: 'marketing', at: Math.floor(at / 1000) * 1000 } },
    });
    // Announced is not done: a conversation it opens still costs utility.
    const conversationId = await closedConversation(channel.id);
    expect(await sendTemplate(sock, conversationId, template.id)).toMatchObject({ ok: true });
    expect(await balanceOf(channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.utility);

    await meta.recategorize(template.providerTemplateId ?? '', 'completed', 'MARKETING');
    const done = await sock.waitForEvent(
      (e) => e.type === 'template.upsert' && e.template.id === template.id && e.template.category === 'marketing',
    );
    expect(done).toMatchObject({ template: { categoryChange: null, status: 'approved' } });
    const copy = await t.hub.store.templates.findByProviderId(second.channel.id, template.providerTemplateId ?? '');
    expect(copy?.category).toBe('marketing');

    const later = await closedConversation(second.channel.id);
    const secondTemplate = copy?.id ?? '';
    expect(await sendTemplate(sock, later, secondTemplate)).toMatchObject({ ok: true });
    expect(await balanceOf(second.channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.marketing);
  });

  it('a category update with a wrong signature is refused and changes nothing', async () => {
    const { channel, meta, template } = await approvedTemplate();
    const forged = await meta.recategorize(template.providerTemplateId ?? '', 'completed', 'MARKETING', {
      signWith: 'not-the-app-secret',
    });
    expect(forged?.status).toBe(401);
    expect(await forged?.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    expect(await templateOf(channel.id, template.id)).toMatchObject({ category: 'utility', categoryChange: null });
  });
});
