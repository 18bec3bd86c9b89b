/**
 * The admin console's Templates tab (WhatsApp templates synced with Meta,
 * Twilio ones kept here) and the template parts the composer's picker shows,
 * against the fake client API.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { CreateTemplateRequest } from '../../src/shared/protocol.js';
import type { z } from 'zod';
import type { Template } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import type { TemplateSyncResult, TemplateSyncState } from '../../src/shared/templates.js';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { formatDateTime } from '../../src/renderer/src/i18n/translate.js';
import { expectAccessible } from './axe.js';
import { HOUR, makeAgent, makeChannel, makeTemplate, T0 } from './factories.js';
import { makeStore, renderApp, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

const state = (over: Partial<TemplateSyncState> = {}): TemplateSyncState => ({
  channelId: 'wa-tokyo',
  status: 'ok',
  syncedAt: T0,
  attemptedAt: T0,
  templateCount: 3,
  error: null,
  ...over,
});

const TEMPLATES: Template[] = [
  makeTemplate({ id: 't1', channelId: 'wa-tokyo', name: 'order_update', providerTemplateId: '101' }),
  makeTemplate({ id: 't2', channelId: 'wa-tokyo', name: 'summer_sale', status: 'pending', category: 'marketing' }),
  makeTemplate({
    id: 't3',
    channelId: 'wa-tokyo',
    name: 'late_notice',
    status: 'rejected',
    rejectionReason: 'INVALID_FORMAT — Variables can’t be next to each other.',
  }),
  makeTemplate({ id: 't4', channelId: 'wa-tokyo', name: 'gone', status: 'deleted' }),
];

type Api = Scenario['api'];

/** An admin on the Templates tab with a WhatsApp channel (and a Twilio one); `hub` sets the hub's answers. */
async function openTemplates(hub: (api: Api) => void = () => undefined, locale = 'en-US') {
  const s = scenario();
  s.api.me = makeAgent({ role: 'admin' });
  s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
  s.api.channels = [
    makeChannel({ id: 'wa-tokyo', name: 'WhatsApp Tokyo' }),
    makeChannel({ id: 'tw-1', kind: 'twilio', name: 'Twilio US' }),
    makeChannel({ id: 'line-1', kind: 'line', name: 'LINE 公式' }),
  ];
  s.api.hub.adminListTemplates = async (channelId) => TEMPLATES.filter((t) => t.channelId === channelId);
  s.api.hub.adminTemplateSyncState = async (channelId) =>
    channelId === 'tw-1' ? state({ channelId, status: 'local' }) : state({ channelId });
  hub(s.api);
  const rendered = renderApp(s.api, { locale });
  const ja = locale.startsWith('ja');
  await rendered.user.click(await screen.findByRole('button', { name: ja ? '管理コンソール' : 'Admin console' }));
  await rendered.user.click(screen.getByRole('tab', { name: ja ? 'テンプレート' : 'Templates' }));
  await screen.findByRole('table');
  return rendered;
}

describe('the Templates tab', () => {
  it('lists a channel’s templates with their status, Meta’s reason for a rejection and the last sync', async () => {
    const { container } = await openTemplates();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1] as HTMLElement).getByText('Approved')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText('Pending review')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText(/Meta is reviewing it/)).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByRole('button', { name: 'Edit summer_sale (en)' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(within(rows[3] as HTMLElement).getByText('Rejected')).toBeTruthy();
    expect(within(rows[3] as HTMLElement).getByText(/Meta’s reason: INVALID_FORMAT/)).toBeTruthy();
    expect(screen.queryByText('gone')).toBeNull();
    expect(screen.getByText(/Synced with Meta .* \(3 templates\)/)).toBeTruthy();
    await expectAccessible(container);
  });

  it('says under the category that Meta will re-categorise a template on a date, and what a category change waits for', async () => {
    const at = Date.UTC(2026, 5, 1, 3, 0);
    const listed = [
      makeTemplate({
        id: 't1',
        channelId: 'wa-tokyo',
        name: 'order_update',
        providerTemplateId: '101',
        categoryChange: { category: 'marketing', at },
      }),
      makeTemplate({
        id: 't2',
        channelId: 'wa-tokyo',
        name: 'late_notice',
        providerTemplateId: '102',
        resubmission: {
          providerTemplateId: '202',
          name: 'late_notice_marketing',
          category: 'marketing',
          status: 'pending',
          rejectionReason: null,
          submittedAt: T0,
        },
      }),
    ];
    const { container } = await openTemplates((api) => {
      api.hub.adminListTemplates = async (channelId) => listed.filter((t) => t.channelId === channelId);
    });
    const announced = screen.getByRole('row', { name: /order_update/ });
    expect(within(announced).getByText('Utility')).toBeTruthy();
    expect(
      within(announced).getByText(
        `Meta will change this to Marketing on ${formatDateTime('en', at)}: conversations it opens will then cost what Marketing costs.`,
      ),
    ).toBeTruthy();
    const waiting = screen.getByRole('row', { name: /late_notice/ });
    expect(within(waiting).getByText('Approved')).toBeTruthy();
    expect(within(waiting).getByText(/Submitted to Meta again as late_notice_marketing in Marketing/)).toBeTruthy();
    await expectAccessible(container);
  });

  it('says Meta’s announced re-categorisation in Japanese', async () => {
    const at = Date.UTC(2026, 5, 1, 3, 0);
    await openTemplates((api) => {
      api.hub.adminListTemplates = async (channelId) =>
        channelId === 'wa-tokyo'
          ? [makeTemplate({ id: 't1', channelId, name: 'order_update', categoryChange: { category: 'marketing', at } })]
          : [];
    }, 'ja-JP');
    expect(
      screen.getByText(new RegExp(`Meta が ${formatDateTime('ja', at)} にカテゴリーを「マーケティング」に変更します`)),
    ).toBeTruthy();
  });

  it('a decision Meta reports shows at once, without reopening the tab', async () => {
    const listed = TEMPLATES.map((t) => ({ ...t }));
    const opened: { api?: Api } = {};
    await openTemplates((a) => {
      opened.api = a;
      a.hub.adminListTemplates = async (channelId) => listed.filter((t) => t.channelId === channelId);
    });
    const pending = () => screen.getByRole('row', { name: /summer_sale/ });
    expect(within(pending()).getByText('Pending review')).toBeTruthy();
    const approved = listed.find((t) => t.name === 'summer_sale');
    if (approved) approved.status = 'approved';
    // The client reports templates changed on another channel: nothing to read again here.
    opened.api?.emit({
      type: 'changes',
      all: false,
      conversationIds: [],
      messages: [],
      contactIds: [],
      templateChannelIds: ['tw-1'],
    });
    expect(within(pending()).getByText('Pending review')).toBeTruthy();
    opened.api?.emit({
      type: 'changes',
      all: false,
      conversationIds: [],
      messages: [],
      contactIds: [],
      templateChannelIds: ['wa-tokyo'],
    });
    await waitFor(() => expect(within(pending()).getByText('Approved')).toBeTruthy());
  });

  it('“Sync now” says it is reading from Meta, then what changed and what cannot be offered', async () => {
    let finish: (result: TemplateSyncResult) => void = () => undefined;
    const { user } = await openTemplates((api) => {
      api.hub.adminSyncTemplates = () =>
        new Promise((resolve) => {
          finish = resolve;
        });
    });
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('Reading the templates from Meta…')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true);
    finish({
      state: state({ templateCount: 5 }),
      added: 2,
      changed: 1,
      removed: 0,
      unsupported: [{ name: 'store_map', language: 'ja', reason: 'a LOCATION header' }],
    });
    expect(await screen.findByText('5 templates read: 2 new, 1 changed, 0 removed.')).toBeTruthy();
    expect(screen.getByText(/cannot send: store_map \(ja\)/)).toBeTruthy();
  });

  it('a channel without its WhatsApp Business Account ID says where to find it, and offers no sync', async () => {
    await openTemplates((api) => {
      api.hub.adminTemplateSyncState = async (channelId) => state({ channelId, status: 'needs-waba-id' });
    });
    expect(await screen.findByText(/Templates need this channel’s WhatsApp Business Account ID/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
  });

  it('a new template is written with header, placeholders mapped to merge fields, footer and buttons, previewed and submitted', async () => {
    const created: z.input<typeof CreateTemplateRequest>[] = [];
    const { user, container } = await openTemplates((api) => {
      api.hub.adminCreateTemplate = async (request) => {
        created.push(request);
        return makeTemplate({ id: 't9', channelId: 'wa-tokyo', name: 'delivery', status: 'pending' });
      };
    });
    await user.click(screen.getByRole('button', { name: 'New template' }));
    await user.type(screen.getByLabelText('Name'), 'delivery');
    await user.clear(screen.getByLabelText('Language'));
    await user.type(screen.getByLabelText('Language'), 'en_US');
    await user.selectOptions(screen.getAllByLabelText('Header')[0] as HTMLElement, 'text');
    await user.type(screen.getByLabelText('Header text'), 'Order {{{{1}}');
    await user.selectOptions(screen.getByLabelText('Header {{1}}: filled from'), 'ticket.number');
    await user.type(screen.getByLabelText('Body'), 'Hi {{{{1}}, it is on its way with {{{{2}}.');
    expect(screen.getByText(/At most 1,024 characters/)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Placeholder {{1}}: filled from'), 'contact.name');
    await user.selectOptions(screen.getByLabelText('Placeholder {{2}}: filled from'), 'agent.name');
    await user.type(screen.getByLabelText('Example of {{2}} for Meta'), 'Ken');
    await user.type(screen.getByLabelText('Footer'), 'Thank you');
    await user.click(screen.getByRole('button', { name: 'Add a quick reply' }));
    await user.type(screen.getByLabelText('Text of button 1'), 'Thanks');
    await user.click(screen.getByRole('button', { name: 'Add a URL button' }));
    await user.type(screen.getByLabelText('Text of button 2'), 'Track');
    await user.type(screen.getByLabelText('Address of button 2 (may end in {{1}})'), 'shop.example/{{{{1}}');

    const preview = screen.getByRole('figure');
    expect(within(preview).getByText('Order 1024')).toBeTruthy();
    expect(within(preview).getByTestId('template-preview').textContent).toBe(
      'Hi Aiko Tanaka, it is on its way with Ken.',
    );
    expect(within(preview).getByText('Thank you')).toBeTruthy();
    expect(
      within(within(preview).getByRole('list', { name: 'Buttons of the template' })).getAllByRole('listitem'),
    ).toHaveLength(2);
    await expectAccessible(container);

    await user.click(screen.getByRole('button', { name: 'Submit to Meta' }));
    expect(await screen.findByText('delivery was submitted: Meta is reviewing it.')).toBeTruthy();
    expect(created[0]).toMatchObject({
      channelId: 'wa-tokyo',
      name: 'delivery',
      language: 'en_US',
      category: 'utility',
      header: { format: 'text', text: 'Order {{1}}', placeholder: 'ticket.number' },
      body: 'Hi {{1}}, it is on its way with {{2}}.',
      placeholders: ['contact.name', 'agent.name'],
      examples: ['Aiko Tanaka', 'Ken'],
      footer: 'Thank you',
      buttons: [
        { type: 'quick_reply', text: 'Thanks' },
        { type: 'url', text: 'Track', url: 'https://shop.example/{{1}}', placeholder: 'custom' },
      ],
    });
  });

  it('Meta’s refusal is shown in Meta’s own words, and the template can be fixed and sent again', async () => {
    const { user } = await openTemplates((api) => {
      api.hub.adminCreateTemplate = async () => {
        throw new AppError('PROVIDER_REJECTED', 'Meta: 100 Content in this language already exists', {
          providerError: '100 Content in this language already exists: Choose another name.',
        });
      };
    });
    await user.click(screen.getByRole('button', { name: 'New template' }));
    await user.type(screen.getByLabelText('Name'), 'order_update');
    await user.type(screen.getByLabelText('Body'), 'Hello');
    await user.click(screen.getByRole('button', { name: 'Submit to Meta' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Meta did not accept it. Meta says: 100 Content in this language already exists: Choose another name.',
    );
    expect(alert.querySelector('q[lang="en"]')?.textContent).toMatch(/^100 Content in this language/);
    expect(screen.getByLabelText('Name')).toHaveProperty('value', 'order_update');
  });

  it('a Twilio template’s status is set by the admin, and it has a body only', async () => {
    const changes: unknown[] = [];
    const twilio = makeTemplate({ id: 'tw-t1', channelId: 'tw-1', name: 'hello_tw', status: 'pending' });
    const { user } = await openTemplates((api) => {
      api.hub.adminListTemplates = async (channelId) => (channelId === 'tw-1' ? [twilio] : TEMPLATES);
      api.hub.adminUpdateTemplate = async (id, change) => {
        changes.push([id, change]);
        return { ...twilio, status: 'approved' };
      };
    });
    await user.selectOptions(screen.getByLabelText('Channel'), 'tw-1');
    expect(await screen.findByText(/Twilio templates are kept in Switchboard/)).toBeTruthy();
    await user.selectOptions(await screen.findByLabelText('Status of hello_tw (en)'), 'approved');
    await waitFor(() => expect(changes).toEqual([['tw-t1', { status: 'approved' }]]));
    await user.click(screen.getByRole('button', { name: 'New template' }));
    expect(screen.queryByLabelText('Footer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add a quick reply' })).toBeNull();
  });

  it('reads in Japanese and passes axe there too', async () => {
    const { container } = await openTemplates(() => undefined, 'ja-JP');
    expect(screen.getByRole('heading', { name: 'テンプレート' })).toBeTruthy();
    expect(screen.getByText('承認済み')).toBeTruthy();
    expect(screen.getByText('審査中')).toBeTruthy();
    expect(screen.getByRole('button', { name: '今すぐ同期' })).toBeTruthy();
    expect(screen.getByText(/Meta の理由: INVALID_FORMAT/)).toBeTruthy();
    await expectAccessible(container);
  });
});

describe('the composer’s template picker', () => {
  async function renderComposer(s: Scenario) {
    const store = makeStore(s.api);
    await store.getState().loadSession();
    await store.getState().openConversation(s.row.conversation.id, null);
    return renderWithStore(<Composer />, s.api, store);
  }

  it('previews the header, body, footer and buttons, asking for the header’s and the URL’s values too', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 30 * HOUR });
    s.api.templates = [
      makeTemplate({
        header: { format: 'text', text: 'Order {{1}}', placeholder: 'ticket.number', example: null },
        footer: 'Reply STOP to opt out',
        buttons: [
          { type: 'quick_reply', text: 'Thanks' },
          { type: 'url', text: 'Track', url: 'https://shop.example/{{1}}', placeholder: 'custom', example: null },
        ],
      }),
    ];
    const { user, container } = await renderComposer(s);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template' }), 'tpl-1');
    expect(screen.getByText('Order 1042')).toBeTruthy();
    expect(screen.getByTestId('template-preview').textContent).toBe(
      'Hello Hiroshi Sato, your ticket 1042 has an update.',
    );
    expect(screen.getByText('Reply STOP to opt out')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Buttons of the template' })).getByText('Track')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Header {{1}} (Ticket number)' })).toHaveProperty('value', '1042');
    const url = screen.getByRole('textbox', { name: 'Button “Track” {{1}} (Typed by the agent)' });
    expect(screen.getByRole('button', { name: 'Send template' })).toHaveProperty('disabled', true);
    await user.type(url, 'track/1042');
    await user.click(screen.getByRole('button', { name: 'Send template' }));
    await waitFor(() => expect(s.api.callsOf('sendMessage')).toHaveLength(1));
    expect(s.api.callsOf('sendMessage')[0]?.[0]).toMatchObject({
      template: { templateId: 'tpl-1', params: ['Hiroshi Sato', '1042', '1042', 'track/1042'] },
    });
    await expectAccessible(container);
  });

  it('a template Meta has just approved is offered without reopening the conversation', async () => {
    const s = scenario({ lastInboundAt: Date.now() - 30 * HOUR });
    s.api.templates = [makeTemplate({ status: 'pending' })];
    await renderComposer(s);
    expect(screen.getByText('No approved templates for this channel.')).toBeTruthy();
    s.api.templates = [makeTemplate({ status: 'approved' })];
    s.api.emit({
      type: 'changes',
      all: false,
      conversationIds: [],
      messages: [],
      contactIds: [],
      templateChannelIds: [s.channel.id],
    });
    expect(await screen.findByRole('combobox', { name: 'Template' })).toBeTruthy();
  });
});
