/**
 * Meta's `message_template_status_update` webhook field (subscribed on the
 * WhatsApp Business Account next to `messages`): `event` is the new state
 * (APPROVED, REJECTED, PAUSED, DISABLED …), `reason` Meta's reason code and,
 * for INVALID_FORMAT rejections, `rejection_info` says what to change. The
 * entry's id is the WABA id.
 */
import { describeIssues } from '../../../shared/conform.js';
import type { SkippedEntry } from '../types.js';
import type { TemplateStatusChange } from '../template-types.js';
import { categoryFromMeta, reasonFromMeta, statusFromMeta } from './template-components.js';
import { WaTemplateStatusUpdate } from './webhook-schema.js';

export const TEMPLATE_STATUS_FIELD = 'message_template_status_update';

/** The reason in words: Meta's code, then its explanation and recommendation when it gave them. */
function reasonOf(value: WaTemplateStatusUpdate): string | null {
  const words = [
    reasonFromMeta(value.reason),
    value.rejection_info?.reason,
    value.rejection_info?.recommendation,
    value.other_info?.title,
    value.other_info?.description,
  ].filter((w): w is string => typeof w === 'string' && w.trim() !== '');
  return words.length === 0 ? null : words.join(' — ').slice(0, 1000);
}

/** Reads one change; one Meta shaped differently is skipped (and logged by the route), never the batch. */
export function readTemplateStatus(
  accountId: string,
  raw: unknown,
  path: string,
  into: TemplateStatusChange[],
  skipped: SkippedEntry[],
): void {
  const parsed = WaTemplateStatusUpdate.safeParse(raw);
  if (!parsed.success) {
    skipped.push({ path, reason: describeIssues(parsed.error) });
    return;
  }
  const value = parsed.data;
  into.push({
    accountId,
    providerTemplateId: String(value.message_template_id),
    name: value.message_template_name,
    language: value.message_template_language,
    status: statusFromMeta(value.event),
    reason: reasonOf(value),
    category: value.message_template_category === undefined ? null : categoryFromMeta(value.message_template_category),
  });
}
