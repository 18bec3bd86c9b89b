import { useCallback } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { translate, type Lang, type Params } from '../i18n/translate.js';
import { useUi } from '../stores/store-context.js';

export type T = (key: MessageKey, params?: Params) => string;

/** The translate function and language the agent chose. */
export function useT(): { t: T; lang: Lang } {
  const lang = useUi((s) => s.lang);
  const t = useCallback<T>((key, params) => translate(lang, key, params), [lang]);
  return { t, lang };
}
