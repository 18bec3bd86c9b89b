/** The one rule for when a template costs WhatsApp credits, as the hub charges it and the composer shows it. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDIT_COSTS } from '../../../src/shared/domain.js';
import { PAID_CONVERSATION_MS, templateCharge } from '../../../src/shared/template-charge.js';

const HOUR = 60 * 60 * 1000;
const now = 1_800_000_000_000;
const costs = DEFAULT_CREDIT_COSTS;

describe('templateCharge', () => {
  it('charges the category’s price outside the session window with no paid conversation open', () => {
    const conversation = { lastInboundAt: now - 26 * HOUR, lastChargedAt: null };
    expect(templateCharge({ kind: 'whatsapp', conversation, category: 'marketing', costs, now })).toBe(3);
    expect(templateCharge({ kind: 'whatsapp', conversation, category: 'utility', costs, now })).toBe(1);
  });

  it('is free within 24 h of the last charge, and charges again once those 24 h are over', () => {
    const inside = { lastInboundAt: null, lastChargedAt: now - PAID_CONVERSATION_MS + 1 };
    expect(templateCharge({ kind: 'whatsapp', conversation: inside, category: 'marketing', costs, now })).toBe(0);
    const over = { lastInboundAt: null, lastChargedAt: now - PAID_CONVERSATION_MS };
    expect(templateCharge({ kind: 'whatsapp', conversation: over, category: 'marketing', costs, now })).toBe(3);
  });

  it('is free inside the customer’s session window and on channels without credits', () => {
    const open = { lastInboundAt: now - HOUR, lastChargedAt: null };
    expect(templateCharge({ kind: 'whatsapp', conversation: open, category: 'marketing', costs, now })).toBe(0);
    const closed = { lastInboundAt: now - 30 * HOUR };
    expect(templateCharge({ kind: 'twilio', conversation: closed, category: 'marketing', costs, now })).toBe(0);
  });
});
