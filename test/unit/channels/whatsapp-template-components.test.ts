/**
 * Meta's message template components ↔ the hub's template parts, and
 * Meta's statuses: what a listing becomes and what a submission sends.
 */
import { describe, expect, it } from 'vitest';
import {
  componentsToMeta,
  statusFromMeta,
  templateFromMeta,
  MetaTemplate,
} from '../../../src/hub/channels/whatsapp/template-components.js';

describe('WhatsApp template components', () => {
  it('Meta’s states become ours, and the events that are no state change nothing', () => {
    expect(
      ['APPROVED', 'REINSTATED', 'PENDING', 'REJECTED', 'PAUSED', 'LIMIT_EXCEEDED', 'PENDING_DELETION'].map(
        statusFromMeta,
      ),
    ).toEqual(['approved', 'approved', 'pending', 'rejected', 'paused', 'disabled', 'deleted']);
    expect(statusFromMeta('FLAGGED')).toBeNull();
    expect(statusFromMeta('LOCKED')).toBeNull();
  });

  it('a template using parts Switchboard cannot send is named unsupported, not half-read', () => {
    const node = (components: unknown[], extra: Record<string, unknown> = {}) =>
      templateFromMeta(
        MetaTemplate.parse({
          id: '1',
          name: 'x',
          language: 'en',
          status: 'APPROVED',
          category: 'UTILITY',
          components,
          ...extra,
        }),
      );
    expect(
      node([
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Hi' },
      ]),
    ).toEqual({
      unsupported: 'a LOCATION header',
    });
    expect(
      node([
        { type: 'BODY', text: 'Hi' },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy' }] },
      ]),
    ).toEqual({
      unsupported: 'a OTP button',
    });
    expect(node([{ type: 'BODY', text: 'Hi {{name}}' }], { parameter_format: 'NAMED' })).toEqual({
      unsupported: 'named parameters',
    });
    expect(node([{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Aiko']] } }])).toMatchObject({
      placeholderCount: 1,
      examples: ['Aiko'],
      rejectionReason: null,
    });
  });

  it('a submission carries an example for every placeholder, the admin’s or one for its merge field', () => {
    expect(
      componentsToMeta({
        body: 'Hi {{1}}, ticket {{2}}',
        placeholders: ['contact.name', 'ticket.number'],
        examples: ['Ken'],
        header: { format: 'text', text: 'For {{1}}', placeholder: 'contact.name', example: null },
        footer: null,
        buttons: [
          { type: 'url', text: 'Open', url: 'https://x.example/t/{{1}}', placeholder: 'ticket.number', example: null },
        ],
      }),
    ).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'For {{1}}', example: { header_text: ['Aiko Tanaka'] } },
      { type: 'BODY', text: 'Hi {{1}}, ticket {{2}}', example: { body_text: [['Ken', '1024']] } },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Open', url: 'https://x.example/t/{{1}}', example: ['https://x.example/t/1024'] },
        ],
      },
    ]);
  });
});
