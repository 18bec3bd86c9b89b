/**
 * A customer's picture, or their initials when there is none (issue 13 §3). The picture comes from the
 * client core's cache (`contactAvatarUrl`: fetched once per sha256, an `sbmedia:` URL); until it is
 * there, offline before the first download, or when it fails to load, the initials show on a neutral
 * grey (white on #5b6470, 6:1). Decorative: the name is always next to it, so the image has alt="" and
 * the initials are hidden from assistive technology.
 */
import { useEffect, useState } from 'react';
import type { Contact } from '../../../shared/domain.js';
import { useApi } from './use-api.js';

/** Up to two initials: the first character of the first two words that have a letter or digit. */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

export function Avatar({ contact, name, size = 24 }: { contact: Contact; name: string; size?: number }) {
  const api = useApi();
  const avatar = contact.avatar ?? null;
  const sha256 = avatar?.sha256 ?? null;
  const [shown, setShown] = useState<{ sha256: string; url: string } | null>(null);

  useEffect(() => {
    if (!avatar) return undefined;
    let live = true;
    api.contactAvatarUrl(contact.id, avatar).then(
      (url) => {
        if (live && url) setShown({ sha256: avatar.sha256, url });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // The picture is named by its sha256: a new object with the same bytes asks nothing again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, contact.id, sha256]);

  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  if (shown && shown.sha256 === sha256) {
    return (
      <img
        className="avatar"
        src={shown.url}
        alt=""
        width={size}
        height={size}
        style={style}
        onError={() => setShown(null)}
      />
    );
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true" style={style}>
      {initialsOf(name)}
    </span>
  );
}
