/**
 * Which arrivals make the hub search for contacts whose profile is due (services/contact-profiles.ts): only
 * messages on a channel whose provider gives profiles (LINE, WeChat). A WhatsApp or Telegram message costs
 * no search of every contact, and a channel's kind is read once.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ChannelKind } from '../../../src/shared/domain.js';
import { ContactProfileFetcher } from '../../../src/hub/services/contact-profiles.js';
import { AdapterContexts } from '../../../src/hub/providers/adapter-contexts.js';

function fetcher(kinds: Record<string, ChannelKind>) {
  const searches: string[][] = [];
  const kindReads: string[] = [];
  const profiles = new ContactProfileFetcher({
    contacts: {
      listProfileDue: async (searched) => {
        searches.push([...searched]);
        return [];
      },
      markProfileFailed: async () => undefined,
    },
    kindOf: async (id) => {
      kindReads.push(id);
      return kinds[id] ?? null;
    },
    service: { applyProfile: async () => null },
    credentialsOf: async () => ({}),
    contexts: new AdapterContexts(),
    log: pino({ level: 'silent' }),
    now: () => Date.now(),
  });
  return { profiles, searches, kindReads };
}

describe('contact profile lookups after an arrival', () => {
  it('search only after messages on LINE or WeChat, for those kinds, reading each channel kind once', async () => {
    const { profiles, searches, kindReads } = fetcher({ wa: 'whatsapp', tg: 'telegram', ln: 'line', wx: 'wechat' });
    for (let i = 0; i < 3; i += 1) {
      await profiles.arrivedOn('wa');
      await profiles.arrivedOn('tg');
      await profiles.arrivedOn('gone');
    }
    await profiles.idle();
    expect(searches).toEqual([]);

    await profiles.arrivedOn('ln');
    await profiles.idle();
    await profiles.arrivedOn('wx');
    await profiles.idle();
    expect(searches).toEqual([
      ['line', 'wechat'],
      ['line', 'wechat'],
    ]);
    // A channel that does not exist (or is in the trash) is asked again; a known one never.
    expect(kindReads.filter((id) => id === 'wa')).toHaveLength(1);
    expect(kindReads.filter((id) => id === 'gone')).toHaveLength(3);
    await profiles.stop();
  });
});
