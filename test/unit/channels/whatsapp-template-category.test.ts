/**
 * Meta's `template_category_update` webhook as the hub reads it (impending:
 * what Meta will set and when; completed: what it set), and the name an
 * approved template is submitted under in another category.
 */
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../src/hub/channels/types.js';
import { parseWhatsappWebhook } from '../../../src/hub/channels/whatsapp/parse.js';
import { resubmissionName } from '../../../src/hub/services/template-resubmission.js';

function webhook(value: unknown): WebhookRequest {
  const body = {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', time: 1_760_000_000, changes: [{ field: 'template_category_update', value }] }],
  };
  return {
    method: 'POST',
    publicUrl: 'https://hub.example.com/webhooks/c1',
    query: {},
    headers: {},
    rawBody: Buffer.from(JSON.stringify(body)),
    receivedAt: Date.now(),
  };
}

const template = {
  message_template_id: 1689556908129832,
  message_template_name: 'order_update',
  message_template_language: 'en_US',
};

describe('template_category_update', () => {
  it('an impending change is what Meta will set and when; the current category is not taken for it', () => {
    const parsed = parseWhatsappWebhook(
      webhook({
        ...template,
        correct_category: 'MARKETING',
        new_category: 'UTILITY',
        category_update_timestamp: 1_760_086_400,
      }),
    );
    expect(parsed.events).toEqual([]);
    expect(parsed.templateCategories).toEqual([
      {
        accountId: '102290129340398',
        providerTemplateId: '1689556908129832',
        name: 'order_update',
        language: 'en_US',
        phase: 'impending',
        category: 'marketing',
        at: 1_760_086_400_000,
      },
    ]);
  });

  it('a completed change is the new category', () => {
    const parsed = parseWhatsappWebhook(
      webhook({ ...template, previous_category: 'UTILITY', new_category: 'MARKETING' }),
    );
    expect(parsed.templateCategories).toEqual([
      expect.objectContaining({ phase: 'completed', category: 'marketing', at: null }),
    ]);
  });

  it('a change naming no category Switchboard knows is skipped and logged, never a refused body', () => {
    const parsed = parseWhatsappWebhook(
      webhook({ ...template, previous_category: 'UTILITY', new_category: 'SERVICE' }),
    );
    expect(parsed.templateCategories).toEqual([]);
    expect(parsed.skipped).toHaveLength(1);
  });
});

describe('the name of an approved template submitted in another category', () => {
  const none = async () => false;

  it('is the name with the category, replacing a category it already ends in', async () => {
    expect(await resubmissionName('order_update', 'marketing', none)).toBe('order_update_marketing');
    expect(await resubmissionName('order_update_marketing', 'utility', none)).toBe('order_update_utility');
    expect(await resubmissionName('order_update_marketing_2', 'utility', none)).toBe('order_update_utility');
  });

  it('is numbered when taken, and stays within Meta’s 512 characters', async () => {
    const taken = new Set(['order_update_marketing', 'order_update_marketing_2']);
    expect(await resubmissionName('order_update', 'marketing', async (n) => taken.has(n))).toBe(
      'order_update_marketing_3',
    );
    const long = await resubmissionName('a'.repeat(512), 'authentication', none);
    expect(long).toHaveLength(512);
    expect(long.endsWith('_authentication')).toBe(true);
  });
});
