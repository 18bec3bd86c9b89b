import { describe, expect, it } from 'vitest';
import { TYPING_REPEAT_MS, TypingSender } from '../../../src/main/core/account/typing-sender.js';
import { silentLogger } from '../../../src/main/core/logger.js';
import { AppError } from '../../../src/shared/errors.js';

function fakeLink() {
  const sent: { conversationId: string; isTyping: boolean }[] = [];
  const link = {
    isOnline: true,
    failing: false,
    typing(request: { conversationId: string; isTyping: boolean }) {
      sent.push(request);
      return link.failing ? Promise.reject(new AppError('OFFLINE')) : Promise.resolve({});
    },
  };
  return { link, sent };
}

describe('typing notices to other agents', () => {
  it('tells others once when I start typing, repeats only every few seconds, and says once when I stop', () => {
    const { link, sent } = fakeLink();
    let now = 1000;
    const sender = new TypingSender(link, silentLogger, () => now);
    for (let i = 0; i < 20; i += 1) {
      sender.set('c1', true);
      now += 100;
    }
    expect(sent).toEqual([{ conversationId: 'c1', isTyping: true }]);
    now += TYPING_REPEAT_MS;
    sender.set('c1', true);
    expect(sent).toHaveLength(2);
    sender.set('c1', false);
    sender.set('c1', false);
    expect(sent.at(-1)).toEqual({ conversationId: 'c1', isTyping: false });
    expect(sent).toHaveLength(3);
  });

  it('keeps conversations apart', () => {
    const { link, sent } = fakeLink();
    const sender = new TypingSender(link, silentLogger, () => 0);
    sender.set('c1', true);
    sender.set('c2', true);
    expect(sent.map((s) => s.conversationId)).toEqual(['c1', 'c2']);
  });

  it('drops notices while offline and ignores a refused one', async () => {
    const { link, sent } = fakeLink();
    const sender = new TypingSender(link, silentLogger, () => 0);
    link.isOnline = false;
    sender.set('c1', true);
    expect(sent).toEqual([]);
    link.isOnline = true;
    link.failing = true;
    sender.set('c1', false);
    sender.set('c2', true);
    expect(sent).toEqual([{ conversationId: 'c2', isTyping: true }]);
    // The rejected promise is handled inside: nothing surfaces as an unhandled rejection.
    await Promise.resolve();
  });
});
