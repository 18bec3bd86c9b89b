/**
 * WhatsApp templates synced with Meta, end to end: a real hub with the
 * provider side, the fake Graph API (message templates, resumable uploads,
 * the Cloud API's send checks) and Meta's signed status webhook.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { Template } from '../../../src/shared/domain.js';
import { TemplateSyncResult, TemplateSyncState } from '../../../src/shared/templates.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import type { FakeComponent } from '../../../src/fake-provider/whatsapp-template-checks.js';
import { whatsappTemplatesOf } from '../../../src/fake-provider/whatsapp-templates.js';
import { startHub, testCredentials, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';
import { metaChannel, type MetaChannel } from '../../helpers/whatsapp-templates.js';
import { waitFor } from './harness.js';

const HOUR = 60 * 60 * 1000;
const body = (text: string, examples: string[] = []): FakeComponent => ({
  type: 'BODY',
  text,
  ...(examples.length > 0 ? { example: { body_text: [examples] } } : {}),
});

describe('WhatsApp templates synced with Meta', () => {
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
  const templatesOf = async (channelId: string): Promise<Template[]> =>
    ((await admin('GET', `/api/templates?channelId=${channelId}`)).body as { items: unknown[] }).items.map((item) =>
      Template.parse(item),
    );
  const listCalls = () => fake.state.callsTo('whatsapp', '/message_templates').filter((c) => c.method === 'GET');
  const synced = async (channelId: string) =>
    waitFor('the first template sync', async () => {
      const state = TemplateSyncState.parse((await admin('GET', `/api/templates/sync?channelId=${channelId}`)).body);
      return state.status === 'ok' ? state : undefined;
    });
  /** A channel on the fake Meta, synced once, with Aiko linked and listening. */
  async function channelWithAgent(): Promise<MetaChannel & { sock: TestSocket }> {
    const wa = await metaChannel(t, fake, { linkAgentIds: [aiko.agent.id], credits: 20 });
    await synced(wa.channel.id);
    return { ...wa, sock: await t.connect(aiko.token) };
  }
  const submit = (channelId: string, over: Record<string, unknown> = {}) =>
    admin('POST', '/api/templates', {
      channelId,
      name: 'delivery_update',
      language: 'en_US',
      category: 'utility',
      body: 'Hi {{1}}, your order {{2}} is on its way.',
      placeholders: ['contact.name', 'ticket.number'],
      examples: ['Aiko', '1024'],
      ...over,
    });

  it('a new channel reads every page of its account’s templates, with header, footer and buttons', async () => {
    const wabaTemplates = Array.from({ length: 230 }, (_v, i) => ({
      name: `notice_${String(i).padStart(3, '0')}`,
      components: [body('Notice {{1}}', ['A'])],
    }));
    const preset = await metaChannel(t, fake);
    await synced(preset.channel.id);
    for (const tpl of wabaTemplates) preset.meta.seed(preset.wabaId, tpl);
    preset.meta.seed(preset.wabaId, {
      name: 'summer_sale',
      category: 'MARKETING',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://scontent.example/sale.jpg'] } },
        body('Hi {{1}}, our sale starts {{2}}.', ['Aiko', 'today']),
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Stop promotions' },
            { type: 'URL', text: 'Shop', url: 'https://shop.example/{{1}}', example: ['https://shop.example/summer'] },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550001111' },
          ],
        },
      ],
    });
    preset.meta.seed(preset.wabaId, {
      name: 'store_map',
      components: [{ type: 'HEADER', format: 'LOCATION' }, body('Find us here.')],
    });
    const before = listCalls().length;
    const result = TemplateSyncResult.parse(
      (await admin('POST', `/api/templates/sync?channelId=${preset.channel.id}`)).body,
    );
    expect(result).toMatchObject({ added: 231, state: { status: 'ok', templateCount: 231 } });
    expect(result.unsupported).toEqual([{ name: 'store_map', language: 'en_US', reason: 'a LOCATION header' }]);
    // Three pages of 100, each asking after the previous page's cursor.
    const pages = listCalls().slice(before);
    expect(pages).toHaveLength(3);
    expect(pages[0]?.query.after).toBeUndefined();
    expect(pages[1]?.query.after).toBeDefined();
    expect(pages[0]?.headers.authorization).toMatch(/^Bearer /);

    const sale = (await templatesOf(preset.channel.id)).find((tpl) => tpl.name === 'summer_sale');
    expect(sale).toMatchObject({
      category: 'marketing',
      status: 'approved',
      body: 'Hi {{1}}, our sale starts {{2}}.',
      placeholders: ['custom', 'custom'],
      examples: ['Aiko', 'today'],
      header: { format: 'image', mediaUrl: null, example: 'https://scontent.example/sale.jpg' },
      footer: 'Reply STOP to opt out',
      buttons: [
        { type: 'quick_reply', text: 'Stop promotions' },
        { type: 'url', text: 'Shop', url: 'https://shop.example/{{1}}', example: 'summer' },
        { type: 'phone_number', text: 'Call us', phoneNumber: '+15550001111' },
      ],
      providerTemplateId: expect.stringMatching(/^\d+$/),
    });
  });

  it('a submitted template waits as pending; Meta’s signed approval makes it sendable and reaches linked agents', async () => {
    const { channel, meta, wabaId, sock } = await channelWithAgent();
    const created = await submit(channel.id, {
      header: { format: 'text', text: 'Order {{1}}', placeholder: 'ticket.number', example: '1024' },
      footer: 'Thank you for shopping with us',
      buttons: [
        { type: 'url', text: 'Track', url: 'https://shop.example/track/{{1}}', placeholder: 'custom', example: 'A1' },
      ],
    });
    expect(created.status).toBe(201);
    const template = Template.parse(created.body);
    expect(template).toMatchObject({ status: 'pending', providerTemplateId: expect.stringMatching(/^\d+$/) });
    // What Meta received: its components, with examples for every placeholder.
    const atMeta = meta.byName(wabaId, 'delivery_update', 'en_US');
    expect(atMeta).toMatchObject({ status: 'PENDING', category: 'UTILITY', id: template.providerTemplateId });
    expect(atMeta?.components).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['1024'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way.', example: { body_text: [['Aiko', '1024']] } },
      { type: 'FOOTER', text: 'Thank you for shopping with us' },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'URL',
            text: 'Track',
            url: 'https://shop.example/track/{{1}}',
            example: ['https://shop.example/track/A1'],
          },
        ],
      },
    ]);
    await sock.waitForEvent((e) => e.type === 'template.upsert' && e.template.status === 'pending');

    const answer = await meta.decide(template.providerTemplateId ?? '', 'APPROVED');
    expect(answer?.status).toBe(200);
    const approved = await sock.waitForEvent((e) => e.type === 'template.upsert' && e.template.status === 'approved');
    expect(approved).toMatchObject({ template: { id: template.id, rejectionReason: null } });
  });

  it('Meta’s decision reaches every channel of the same WhatsApp Business Account', async () => {
    const first = await channelWithAgent();
    const template = Template.parse((await submit(first.channel.id)).body);
    // A second number of the same account: it reads the template, and Meta now posts to its webhook.
    const second = await metaChannel(t, fake, { wabaId: first.wabaId });
    await synced(second.channel.id);
    expect((await templatesOf(second.channel.id)).map((tpl) => tpl.status)).toEqual(['pending']);
    expect((await first.meta.decide(template.providerTemplateId ?? '', 'APPROVED'))?.status).toBe(200);
    await first.sock.waitForEvent(
      (e) => e.type === 'template.upsert' && e.template.id === template.id && e.template.status === 'approved',
    );
    expect((await templatesOf(second.channel.id)).map((tpl) => tpl.status)).toEqual(['approved']);
  });

  it('a status webhook with a wrong signature is refused and changes nothing', async () => {
    const { channel, meta } = await channelWithAgent();
    const template = Template.parse((await submit(channel.id)).body);
    const forged = await meta.decide(template.providerTemplateId ?? '', 'APPROVED', { signWith: 'not-the-app-secret' });
    expect(forged?.status).toBe(401);
    expect(await forged?.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    expect((await templatesOf(channel.id)).find((tpl) => tpl.id === template.id)?.status).toBe('pending');
  });

  it('a rejection carries Meta’s reason and what it recommends', async () => {
    const { channel, meta, sock } = await channelWithAgent();
    const template = Template.parse((await submit(channel.id)).body);
    await meta.decide(template.providerTemplateId ?? '', 'REJECTED', {
      reason: 'INVALID_FORMAT',
      rejectionInfo: {
        reason: 'Variables can’t be next to each other.',
        recommendation: 'Add text between the variables.',
      },
    });
    const rejected = await sock.waitForEvent((e) => e.type === 'template.upsert' && e.template.status === 'rejected');
    expect(rejected).toMatchObject({
      template: {
        rejectionReason: 'INVALID_FORMAT — Variables can’t be next to each other. — Add text between the variables.',
      },
    });
  });

  // An approved template's category and wording changes: whatsapp-template-category.test.ts.

  it('approval is never set by hand for WhatsApp; a Twilio template is still approved by its admin', async () => {
    const { channel } = await channelWithAgent();
    const template = Template.parse((await submit(channel.id)).body);
    const byHand = await admin('PATCH', `/api/templates/${template.id}`, { status: 'approved' });
    expect(byHand.status).toBe(422);
    expect(byHand.body).toMatchObject({ error: { code: 'TEMPLATE_STATUS_BY_PROVIDER' } });

    const twilio = await t.createChannel({ kind: 'twilio' });
    const local = Template.parse(
      (await submit(twilio.id, { name: 'twilio_notice', placeholders: [], body: 'Hello', examples: [] })).body,
    );
    expect(local).toMatchObject({ status: 'pending', providerTemplateId: null });
    const approved = await admin('PATCH', `/api/templates/${local.id}`, { status: 'approved' });
    expect(approved.body).toMatchObject({ status: 'approved' });
    const withHeader = await submit(twilio.id, { name: 'twilio_header', header: { format: 'text', text: 'Hi' } });
    expect(withHeader.status).toBe(400);
  });

  it('Meta’s refusals come back in its words: a name taken in that language, a media header without a sample', async () => {
    const { channel, meta, wabaId } = await channelWithAgent();
    meta.seed(wabaId, { name: 'made_in_manager', language: 'en_US', components: [body('Hello')] });
    const taken = await submit(channel.id, {
      name: 'made_in_manager',
      body: 'Hello there',
      placeholders: [],
      examples: [],
    });
    expect(taken.status).toBe(502);
    expect(taken.body).toMatchObject({ error: { code: 'PROVIDER_REJECTED' } });
    expect(JSON.stringify(taken.body)).toContain('already exists in en_US');

    const noSample = await submit(channel.id, {
      name: 'sale_picture',
      header: { format: 'image', mediaUrl: 'https://cdn.example/sale.jpg', example: null },
    });
    expect(noSample.status).toBe(502);
    expect(JSON.stringify(noSample.body)).toContain('A media header needs a sample');
    const badName = await submit(channel.id, { name: 'Delivery Update' });
    expect(badName.status).toBe(400);
  });

  it('a media header’s sample is uploaded with the Resumable Upload API and submitted as its handle', async () => {
    const { channel, meta, wabaId } = await metaChannel(t, fake, { appId: '777000111' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const uploaded = await admin('POST', '/api/templates/header-sample', {
      channelId: channel.id,
      fileName: 'sale.png',
      mimeType: 'image/png',
      data: png.toString('base64'),
    });
    expect(uploaded.status).toBe(200);
    const { handle } = uploaded.body as { handle: string };
    const session = fake.state.callsTo('whatsapp', '/v21.0/777000111/uploads').at(-1);
    expect(session?.query).toMatchObject({
      file_name: 'sale.png',
      file_length: String(png.length),
      file_type: 'image/png',
    });
    expect(fake.state.callsTo('whatsapp', '/v21.0/upload:').at(-1)?.rawBody).toEqual(png);

    const created = await submit(channel.id, {
      name: 'sale_picture',
      header: { format: 'image', mediaUrl: 'https://cdn.example/sale.png', example: handle },
    });
    expect(created.status).toBe(201);
    expect(meta.byName(wabaId, 'sale_picture', 'en_US')?.components[0]).toEqual({
      type: 'HEADER',
      format: 'IMAGE',
      example: { header_handle: [handle] },
    });
  });

  it('without the WhatsApp Business Account id the channel says templates need it', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp' });
    const state = await admin('GET', `/api/templates/sync?channelId=${channel.id}`);
    expect(state.body).toMatchObject({ status: 'needs-waba-id' });
    const created = await submit(channel.id);
    expect(created.status).toBe(422);
    expect(created.body).toMatchObject({ error: { code: 'TEMPLATES_NEED_WABA_ID' } });
    expect((await admin('POST', `/api/templates/sync?channelId=${channel.id}`)).status).toBe(422);
  });

  it('a template goes out with language.policy deterministic, checked against Meta’s copy; the Cloud API refuses it without', async () => {
    const { channel, meta, sock } = await channelWithAgent();
    const template = Template.parse(
      (
        await submit(channel.id, {
          buttons: [
            { type: 'url', text: 'Track', url: 'https://shop.example/{{1}}', placeholder: 'custom', example: 'A1' },
          ],
        })
      ).body,
    );
    await meta.decide(template.providerTemplateId ?? '', 'APPROVED');
    await waitFor('the approval', async () => (await templatesOf(channel.id))[0]?.status === 'approved');
    const ingested = await t.ingestText(channel.id, {
      from: '819012345678',
      name: '佐藤',
      at: t.clock.now() - 2 * 24 * HOUR,
    });
    const conversationId =
      (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId ?? '';
    const ack = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'template',
      template: { templateId: template.id, params: ['', '42', 'track/42'] },
    });
    expect(ack).toMatchObject({ ok: true, data: { text: 'Hi 佐藤, your order 42 is on its way.' } });
    const sent = await fake.state.waitForCall(
      'whatsapp',
      (c) => c.path.endsWith('/messages') && JSON.stringify(c.json).includes('delivery_update'),
    );
    expect(sent.json).toMatchObject({
      type: 'template',
      template: {
        name: 'delivery_update',
        language: { policy: 'deterministic', code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: '佐藤' },
              { type: 'text', text: '42' },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'track/42' }] },
        ],
      },
    });
    await sock.waitForEvent((e) => e.type === 'message.upsert' && e.message.state === 'sent');

    // The fake Cloud API is Meta's: no policy, or values that do not fit the template, are refused.
    const send = (template: unknown) =>
      fetch(`${fake.baseUrlFor('whatsapp')}/v21.0/${String(sent.path.split('/')[2])}/messages`, {
        method: 'POST',
        headers: { authorization: 'Bearer token', 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: '819012345678', type: 'template', template }),
      });
    const withoutPolicy = await send({ name: 'delivery_update', language: { code: 'en_US' } });
    expect(withoutPolicy.status).toBe(400);
    expect(JSON.stringify(await withoutPolicy.json())).toContain('policy');
    const short = await send({
      name: 'delivery_update',
      language: { policy: 'deterministic', code: 'en_US' },
      components: [],
    });
    expect(await short.json()).toMatchObject({ error: { code: 132000 } });
  });

  it('adding the WhatsApp Business Account id to a channel’s credentials reads its templates at once', async () => {
    const credentials = { ...testCredentials('whatsapp'), apiBaseUrl: fake.baseUrlFor('whatsapp') };
    const channel = await t.createChannel({ kind: 'whatsapp', credentials });
    expect((await admin('GET', `/api/templates/sync?channelId=${channel.id}`)).body).toMatchObject({
      status: 'needs-waba-id',
    });
    whatsappTemplatesOf(fake.state).seed('778899001122', { name: 'welcome', components: [body('Welcome!')] });
    const rotated = await admin('PUT', `/api/channels/${channel.id}/credentials`, {
      credentials: { ...credentials, wabaId: '778899001122' },
    });
    expect(rotated.status).toBe(200);
    await synced(channel.id);
    expect((await templatesOf(channel.id)).map((tpl) => [tpl.name, tpl.status])).toEqual([['welcome', 'approved']]);
  });

  it('templates are read again an hour after the last sync by the hub’s clock', async () => {
    const { channel, meta, wabaId } = await channelWithAgent();
    const calls = listCalls().length;
    meta.seed(wabaId, { name: 'added_later', components: [body('Hello')] });
    t.clock.advance(30 * 60 * 1000);
    // Half an hour is not yet due: ticks pass without a read.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(listCalls()).toHaveLength(calls);
    t.clock.advance(31 * 60 * 1000);
    await waitFor('the hourly refresh', async () =>
      (await templatesOf(channel.id)).some((tpl) => tpl.name === 'added_later'),
    );
    expect(listCalls().length).toBeGreaterThan(calls);
  });

  it('deleting a template deletes that language at Meta, and the name cannot be reused there for a while', async () => {
    const { channel, meta, wabaId } = await channelWithAgent();
    const template = Template.parse((await submit(channel.id)).body);
    await meta.decide(template.providerTemplateId ?? '', 'APPROVED');
    await waitFor('the approval', async () => (await templatesOf(channel.id))[0]?.status === 'approved');
    const deleted = await admin('DELETE', `/api/templates/${template.id}`);
    expect(deleted.body).toMatchObject({ status: 'deleted' });
    const call = fake.state
      .callsTo('whatsapp', '/message_templates')
      .filter((c) => c.method === 'DELETE')
      .at(-1);
    expect(call?.query).toEqual({ name: 'delivery_update', hsm_id: template.providerTemplateId });
    expect(meta.byName(wabaId, 'delivery_update', 'en_US')).toBeNull();
    const recreated = await submit(channel.id);
    expect(recreated.status).toBe(502);
    expect(JSON.stringify(recreated.body)).toContain('30 days');
  });

  it('an agent can neither sync, create, change nor delete templates', async () => {
    const { channel } = await channelWithAgent();
    const template = Template.parse((await submit(channel.id)).body);
    const asAgent = (method: string, path: string, payload?: unknown) =>
      t.api(method, path, { token: aiko.token, ...(payload === undefined ? {} : { body: payload }) });
    const refusals = [
      await asAgent('GET', `/api/templates/sync?channelId=${channel.id}`),
      await asAgent('POST', `/api/templates/sync?channelId=${channel.id}`),
      await asAgent('POST', '/api/templates', {
        channelId: channel.id,
        name: 'x',
        language: 'en',
        category: 'utility',
        body: 'x',
        placeholders: [],
      }),
      await asAgent('PATCH', `/api/templates/${template.id}`, { category: 'marketing' }),
      await asAgent('DELETE', `/api/templates/${template.id}`),
      await asAgent('POST', '/api/templates/header-sample', {
        channelId: channel.id,
        fileName: 'a.png',
        mimeType: 'image/png',
        data: 'AAAA',
      }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    // …while reading the channel's templates stays open to linked agents.
    expect((await asAgent('GET', `/api/templates?channelId=${channel.id}`)).status).toBe(200);
  });
});
