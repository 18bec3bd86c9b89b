/**
 * Canned replies in the composer, by keyboard: typing `/` at the start or
 * after a space (canned-reply-search.ts) opens a list of this channel's
 * replies and the all-channel ones, team and personal (personal marked),
 * filtered by the word typed after it. ↑/↓ move, Enter or Tab insert the
 * reply in place of `/word` with its placeholders filled (contact name,
 * ticket number, agent name …; one without a value here stays visible), Esc
 * closes and leaves the text as typed. Focus never leaves the reply box: the
 * list is a listbox it points into with aria-activedescendant. The global
 * `/` shortcut (search) ignores keys typed in a field, so the two never meet.
 * The replies come from the cache (the store's loadCannedReplies), so this works offline.
 * The "Canned replies" button starts the same list by typing the `/`.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { fillPlaceholders } from '../../../../shared/canned-replies.js';
import type { CannedReply } from '../../../../shared/domain.js';
import { useT } from '../../common/use-t.js';
import { useAppStore, useComposer, useConversation, useSession, useUi } from '../../stores/store-context.js';
import { searchCannedReplies, slashTriggerAt } from './canned-reply-search.js';
import { mergeFieldValue } from './template-fill.js';

const EXCERPT_MAX = 90;
const NO_REPLIES: readonly CannedReply[] = [];
/** The list's last option opens the dialog where the agent manages its own replies. */
const MANAGE = 'manage';

export interface CannedReplyMenu {
  /** Spread on the reply box. */
  readonly boxProps: {
    readonly 'aria-autocomplete': 'list';
    readonly 'aria-controls': string | undefined;
    readonly 'aria-activedescendant': string | undefined;
    readonly onSelect: () => void;
    readonly onFocus: () => void;
    readonly onBlur: () => void;
  };
  /** Call first from the box's onKeyDown: true when the list took the key. */
  handleKey(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  /** Call from the box's onChange, after the text is set. */
  trackCaret(): void;
  /** The list, above the box while it is open. */
  readonly list: ReactNode;
  /** Replaces the composer's old canned-reply menu: starts the `/` list. */
  readonly button: ReactNode;
}

const excerptOf = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_MAX ? `${line.slice(0, EXCERPT_MAX)}…` : line;
};

export function useCannedReplyMenu(box: RefObject<HTMLTextAreaElement | null>): CannedReplyMenu {
  const { t, lang } = useT();
  const id = useId();
  const text = useComposer((s) => s.composerText);
  const setText = useComposer((s) => s.setComposerText);
  const detail = useConversation((s) => s.detail);
  const me = useSession((s) => s.session?.agent ?? null);
  const openDialog = useUi((s) => s.openDialog);
  const channelId = detail?.channel.id ?? null;

  const [caret, setCaret] = useState<number | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  // The option chosen with ↑/↓, for the word it was chosen in; a new word starts at the first match.
  const [choice, setChoice] = useState<{ readonly word: string; readonly index: number } | null>(null);
  const channelReplies = useAppStore((s) => s.cannedReplies);
  const repliesChannelId = useAppStore((s) => s.cannedRepliesChannelId);
  const loadCannedReplies = useAppStore((s) => s.loadCannedReplies);
  const replies = repliesChannelId === channelId ? channelReplies : NO_REPLIES;
  const pendingCaret = useRef<number | null>(null);

  const trigger = caret === null ? null : slashTriggerAt(text, caret);
  const open = trigger !== null && trigger.start !== dismissedAt && channelId !== null;
  const query = open ? trigger.query : null;
  const matches = query === null ? NO_REPLIES : searchCannedReplies(replies, query, lang);
  const optionCount = matches.length + 1;
  const word = `${trigger?.start ?? -1}:${query ?? ''}:${matches.length}`;
  // No match leaves nothing chosen, so Enter still sends what was typed.
  const active = choice?.word === word ? choice.index : matches.length > 0 ? 0 : -1;
  const setActive = (index: number): void => setChoice({ word, index });
  const optionId = (index: number): string => `${id}-option-${index}`;

  // Read again each time the list opens: a reply just synced is offered at once.
  useEffect(() => {
    if (open && channelId !== null) void loadCannedReplies(channelId);
  }, [open, channelId, loadCannedReplies]);

  useEffect(() => {
    if (open && active >= 0) document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  });
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    const element = box.current;
    if (at === null || !element) return;
    pendingCaret.current = null;
    element.focus();
    element.setSelectionRange(at, at);
    setCaret(at);
  }, [text, box]);

  function trackCaret(): void {
    const element = box.current;
    const at = element && document.activeElement === element ? element.selectionStart : null;
    setCaret(at);
    // Esc closed the list for one `/`: once that one is gone, the next `/` opens it again.
    if (at === null || (element && slashTriggerAt(element.value, at) === null)) setDismissedAt(null);
  }

  function replace(from: number, to: number, insert: string): void {
    pendingCaret.current = from + insert.length;
    setText(text.slice(0, from) + insert + text.slice(to));
  }

  function choose(index: number): void {
    if (!trigger || caret === null) return;
    const reply = matches[index];
    if (!reply) {
      setDismissedAt(trigger.start);
      openDialog('cannedReplies');
      return;
    }
    const filled = detail
      ? fillPlaceholders(reply.text, (field) => mergeFieldValue(field, detail, me, lang))
      : reply.text;
    replace(trigger.start, caret, filled);
  }

  function handleKey(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    // Keys that confirm or move in a Japanese (IME) composition belong to it.
    if (!open || !trigger || event.nativeEvent.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return false;
    }
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      setActive(active < 0 ? (step > 0 ? 0 : optionCount - 1) : (active + step + optionCount) % optionCount);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      setDismissedAt(trigger.start);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && active >= 0) {
      choose(active);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  function startFromButton(): void {
    const element = box.current;
    if (!element) return;
    // Where the caret was in the box (the click moved the focus to this button, not the caret).
    const at = element.selectionStart;
    const before = text.slice(0, at);
    replace(at, at, before === '' || /\s$/u.test(before) ? '/' : ' /');
  }

  const list =
    open && query !== null ? (
      <div className="canned-menu">
        <p role="status" className="canned-menu-status">
          {matches.length > 0
            ? t('cannedReplies.composer.count', { count: matches.length })
            : query === ''
              ? t('cannedReplies.composer.empty')
              : t('cannedReplies.composer.none', { query })}
        </p>
        <ul id={`${id}-list`} role="listbox" aria-label={t('cannedReplies.composer.list')}>
          {[...matches, MANAGE].map((item, index) => (
            <li
              key={typeof item === 'string' ? item : item.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={`canned-option ${index === active ? 'active' : ''} ${typeof item === 'string' ? 'manage' : ''}`}
              // The box keeps the focus (and its caret) when an option is clicked.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(index)}
            >
              {typeof item === 'string' ? (
                t('cannedReplies.composer.manage')
              ) : (
                <>
                  <span className="canned-option-title">{item.title}</span>
                  {item.shortcut !== null && <span className="canned-option-shortcut">/{item.shortcut}</span>}
                  {item.ownerId !== null && (
                    <span className="canned-option-personal">{t('cannedReplies.composer.personal')}</span>
                  )}
                  <span className="canned-option-text">{excerptOf(item.text)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      </div>
    ) : null;

  return {
    boxProps: {
      'aria-autocomplete': 'list',
      'aria-controls': open ? `${id}-list` : undefined,
      'aria-activedescendant': open && active >= 0 ? optionId(active) : undefined,
      onSelect: trackCaret,
      onFocus: trackCaret,
      onBlur: () => setCaret(null),
    },
    handleKey,
    trackCaret,
    list,
    button: (
      <button
        type="button"
        data-shortcut="canned"
        title={t('cannedReplies.composer.buttonHint')}
        onClick={startFromButton}
      >
        {t('cannedReplies.composer.button')} /
      </button>
    ),
  };
}
