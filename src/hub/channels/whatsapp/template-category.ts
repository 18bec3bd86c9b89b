/**
 * Meta's `template_category_update` webhook field (subscribed on the WhatsApp
 * Business Account next to `message_template_status_update`). Meta may
 * re-categorise a template after approval when its content does not match the
 * category: it announces the change first (impending: `correct_category` is
 * what it will be, `category_update_timestamp` when) and reports it once done
 * (completed: `previous_category` → `new_category`). Only the completed one
 * changes what a template costs; the impending one is shown to the admin.
 */
import { describeIssues } from '../../../shared/conform.js';
import type { TemplateCategoryUpdate } from '../template-types.js';
import type { SkippedEntry } from '../types.js';
import { categoryFromMeta } from './template-components.js';
import { WaTemplateCategoryUpdate } from './webhook-schema.js';

export const TEMPLATE_CATEGORY_FIELD = 'template_category_update';

/** Graph webhook timestamps are Unix seconds. */
function millisOf(value: number | string | undefined): number | null {
  const seconds = typeof value === 'string' ? Number(value) : value;
  return seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 ? null : Math.round(seconds * 1000);
}

/** Reads one change; one Meta shaped differently is skipped (and logged by the route), never the batch. */
export function readTemplateCategory(
  accountId: string,
  raw: unknown,
  path: string,
  into: TemplateCategoryUpdate[],
  skipped: SkippedEntry[],
): void {
  const parsed = WaTemplateCategoryUpdate.safeParse(raw);
  if (!parsed.success) {
    skipped.push({ path, reason: describeIssues(parsed.error) });
    return;
  }
  const value = parsed.data;
  const impending = value.correct_category !== undefined;
  const category = categoryFromMeta((impending ? value.correct_category : value.new_category) ?? '');
  if (category === null) {
    skipped.push({ path, reason: 'template_category_update names no category Switchboard knows' });
    return;
  }
  into.push({
    accountId,
    providerTemplateId: String(value.message_template_id),
    name: value.message_template_name,
    language: value.message_template_language,
    phase: impending ? 'impending' : 'completed',
    category,
    at: impending ? millisOf(value.category_update_timestamp) : null,
  });
}
