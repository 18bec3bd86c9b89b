/**
 * Customers' pictures (issue 13 §3): a contact with a picture shows it (alt="", the name is beside
 * it) in the inbox row; one without, or whose picture is not in the cache, shows initials instead.
 */
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Avatar, initialsOf } from '../../src/renderer/src/common/avatar.js';
import { InboxRow } from '../../src/renderer/src/features/inbox/inbox-row.js';
import { renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

const AVATAR = { sha256: 'a'.repeat(64), mimeType: 'image/png', size: 1234 } as const;

describe('contact avatar', () => {
  it('the inbox row shows the cached picture of a contact who has one', async () => {
    const s = scenario({ kind: 'line' });
    const row = { ...s.row, contact: { ...s.row.contact, name: '佐藤 花子', avatar: AVATAR } };
    s.api.avatarUrls.set(row.contact.id, `sbmedia://attachment/avatar.${AVATAR.sha256}.png`);
    const { container } = renderWithStore(
      <InboxRow row={row} selected={false} now={Date.now()} onSelect={() => undefined} />,
      s.api,
    );
    const img = await waitFor(() => {
      const found = container.querySelector('img.avatar');
      expect(found).not.toBeNull();
      return found as HTMLImageElement;
    });
    expect(img.getAttribute('src')).toBe(`sbmedia://attachment/avatar.${AVATAR.sha256}.png`);
    expect(img.getAttribute('alt')).toBe('');
    expect(s.api.callsOf('contactAvatarUrl')).toEqual([[row.contact.id]]);
    expect(screen.getByText('佐藤 花子')).toBeTruthy();
  });

  it('a contact without a picture shows initials, and nothing is fetched', () => {
    const s = scenario();
    const contact = { ...s.row.contact, name: 'Yuki Mori' };
    const { container } = renderWithStore(<Avatar contact={contact} name="Yuki Mori" />, s.api);
    expect(container.querySelector('img')).toBeNull();
    const initials = container.querySelector('.avatar-initials');
    expect(initials?.textContent).toBe('YM');
    expect(initials?.getAttribute('aria-hidden')).toBe('true');
    expect(s.api.callsOf('contactAvatarUrl')).toEqual([]);
  });

  it('a picture the client cannot get (offline before its first download) leaves the initials', async () => {
    const s = scenario({ kind: 'line' });
    const contact = { ...s.row.contact, avatar: AVATAR };
    const { container } = renderWithStore(<Avatar contact={contact} name="LINE user · 4af4" />, s.api);
    await waitFor(() => expect(s.api.callsOf('contactAvatarUrl')).toHaveLength(1));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.avatar-initials')?.textContent).toBe('LU');
  });

  it('initials take the first character of the first two words, Japanese names included', () => {
    expect(initialsOf('佐藤 花子')).toBe('佐花');
    expect(initialsOf('mika')).toBe('M');
    expect(initialsOf('(VIP) Ken')).toBe('VK');
    expect(initialsOf('')).toBe('');
  });
});
