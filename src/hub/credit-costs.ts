/**
 * The hub's one cost table: credits a business-initiated WhatsApp conversation
 * costs, per template category (SPEC §7, FAQ 46). Marketing costs most, as in
 * Meta's conversation pricing. Channels carry it in Credits.costs so clients
 * can show the price before an agent sends.
 */
import { DEFAULT_CREDIT_COSTS, type TemplateCategory } from '../shared/domain.js';

export const CREDIT_COSTS: Readonly<Record<TemplateCategory, number>> = DEFAULT_CREDIT_COSTS;
