import { describe, expect, it } from 'vitest';
import type { CannedReply } from '../../src/shared/domain.js';
import {
  foldForSearch,
  searchCannedReplies,
  slashTriggerAt,
} from '../../src/renderer/src/features/composer/canned-reply-search.js';

const reply = (id: string, title: string, shortcut: string | null, text: string): CannedReply => ({
  id,
  ownerId: null,
  channelId: null,
  title,
  shortcut,
  text,
  createdAt: 0,
  updatedAt: 0,
});

describe('where the / list opens and what it finds', () => {
  it('opens at the start, after a space, a full-width space or a line break, never inside a word or a URL', () => {
    const at = (text: string) => slashTriggerAt(text, text.length);
    expect(at('/th')).toEqual({ start: 0, query: 'th' });
    expect(at('Hello /')).toEqual({ start: 6, query: '' });
    expect(at('了解です　／おれい')).toEqual({ start: 5, query: 'おれい' });
    expect(at('line one\n/ti')).toEqual({ start: 9, query: 'ti' });
    expect(at('and/or')).toBeNull();
    expect(at('see https://example.com/faq')).toBeNull();
    expect(at('/thanks ')).toBeNull();
    expect(slashTriggerAt('/thanks and more', 4)).toEqual({ start: 0, query: 'tha' });
  });

  it('folds width, case and katakana, so Japanese and Latin input find the same replies', () => {
    expect(foldForSearch('ＡＢＣ')).toBe('abc');
    expect(foldForSearch('ｵﾚｲ')).toBe(foldForSearch('おれい'));
    expect(foldForSearch('ハガキ')).toBe('はがき');
  });

  it('a shortcut typed in full comes first, then shortcut and title beginnings, then any word of the text', () => {
    const replies = [
      reply('1', 'Opening hours', null, 'We are open from 9 to 5, thanks for asking.'),
      reply('2', 'Thanks for waiting', 'wait', 'Thank you, {{contact.name}}.'),
      reply('3', 'Shipping', 'thanks', 'Orders ship within 2 days.'),
      reply('4', 'Contact form', null, 'Use the form.'),
    ];
    expect(searchCannedReplies(replies, 'thanks', 'en').map((r) => r.id)).toEqual(['3', '2', '1']);
    // Placeholder names are not words of the reply.
    expect(searchCannedReplies(replies, 'contact', 'en').map((r) => r.id)).toEqual(['4']);
    expect(searchCannedReplies(replies, '', 'en').map((r) => r.title)).toEqual([
      'Contact form',
      'Opening hours',
      'Shipping',
      'Thanks for waiting',
    ]);
  });
});
