/** A conversation's preview in the agent's language, with older rows (no label) shown as they came. */
import { describe, expect, it } from 'vitest';
import { previewWords } from '../../../src/shared/preview-words.js';

describe('previewWords', () => {
  it('names a wordless message by its kind in Japanese and English', () => {
    const row = { lastMessagePreview: '[Voice message]', lastMessageLabel: { kind: 'voice' } };
    expect(previewWords(row, 'ja')).toBe('🎤 ボイスメッセージ');
    expect(previewWords(row, 'en')).toBe('🎤 Voice message');
  });

  it('names known events and shows other events by their name', () => {
    const follow = { lastMessagePreview: '[Event: follow]', lastMessageLabel: { kind: 'event', event: 'follow' } };
    expect(previewWords(follow, 'ja')).toBe('アカウントを友だち追加しました');
    const other = { lastMessagePreview: '[Event: scan]', lastMessageLabel: { kind: 'event', event: 'scan' } };
    expect(previewWords(other, 'ja')).toBe('イベント: scan');
  });

  it('keeps words, rows from an older hub or cache, and kinds it does not know as they came', () => {
    expect(previewWords({ lastMessagePreview: 'Hello', lastMessageLabel: null }, 'ja')).toBe('Hello');
    expect(previewWords({ lastMessagePreview: '[Image]' }, 'ja')).toBe('[Image]');
    expect(previewWords({ lastMessagePreview: '[Poll]', lastMessageLabel: { kind: 'poll' } }, 'ja')).toBe('[Poll]');
  });
});
