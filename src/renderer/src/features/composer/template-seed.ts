/**
 * "Send as template" on a reply the session window stopped: the template picker opens with the
 * reply's text in the first placeholder an admin left free (merge field `custom`), and once the
 * template is sent the stopped reply is dropped. One seed at a time, for one conversation.
 */
import { useSyncExternalStore } from 'react';
import type { Template } from '../../../../shared/domain.js';
import { templateSlots } from '../../../../shared/template-slots.js';

export interface TemplateSeed {
  readonly conversationId: string;
  readonly text: string;
  /** The reply this template replaces: discarded once the template is sent. */
  readonly clientId: string;
}

let seed: TemplateSeed | null = null;
const listeners = new Set<() => void>();

export function setTemplateSeed(next: TemplateSeed | null): void {
  seed = next;
  for (const listener of listeners) listener();
}

export function useTemplateSeed(conversationId: string | null): TemplateSeed | null {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => seed,
  );
  return current !== null && current.conversationId === conversationId ? current : null;
}

/** The index of the first placeholder that takes free text, or -1 when the template has none. */
export function freeTextSlot(template: Template): number {
  return templateSlots(template).findIndex((slot) => slot.part === 'body' && slot.field === 'custom');
}

/** The first template with a free-text placeholder: the one the reply's text fits in. */
export function templateForText(templates: readonly Template[]): Template | null {
  return templates.find((tpl) => freeTextSlot(tpl) >= 0) ?? null;
}
