/**
 * The admin console's Click-to-chat tab (FAQ 58): per channel the link a
 * website can show (wa.me, t.me, LINE add-friend, WeChat's account QR) with
 * Copy, and the same link as a QR code to download as PNG or SVG. The hub
 * makes both; the image bytes come through the client API and are shown and
 * downloaded as `blob:` URLs made here (the page loads nothing from the
 * network, docs/desktop.md).
 */
import { useEffect, useId, useState } from 'react';
import type { ClickToChatLink } from '../../../../../shared/admin/credits-trash.js';
import type { Channel } from '../../../../../shared/domain.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { ChannelIcon } from '../../../common/channel-icon.js';
import { CopyField } from '../../../common/copy-to-clipboard.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { useInbox } from '../../../stores/store-context.js';

interface QrImages {
  readonly png: string;
  readonly svg: string;
}

/** A file name from the channel's name: letters and digits of any script kept, the rest a dash. */
export function qrFileName(channelName: string, extension: 'png' | 'svg'): string {
  const base = channelName
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base === '' ? 'channel' : base}-click-to-chat.${extension}`;
}

function blobUrl(bytes: Uint8Array, type: string): string {
  return URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type }));
}

function ClickToChatCard({ channel }: { channel: Channel }) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const [link, setLink] = useState<ClickToChatLink | null>(null);
  const [images, setImages] = useState<QrImages | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let current = true;
    let made: QrImages | null = null;
    Promise.all([
      api.adminGetClickToChat(channel.id),
      api.adminGetClickToChatQr(channel.id, 'png'),
      api.adminGetClickToChatQr(channel.id, 'svg'),
    ]).then(
      ([answer, png, svg]) => {
        if (!current) return;
        made = { png: blobUrl(png, 'image/png'), svg: blobUrl(svg, 'image/svg+xml') };
        setLink(answer);
        setImages(made);
      },
      (error: unknown) => current && setFailure(failureOf(error)),
    );
    return () => {
      current = false;
      if (made) for (const url of [made.png, made.svg]) URL.revokeObjectURL(url);
    };
  }, [api, channel.id]);

  return (
    <article className="click-to-chat-card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>
        <ChannelIcon kind={channel.kind} /> {channel.name}
      </h3>
      {failure?.code === 'VALIDATION_FAILED' ? (
        <CallFailure failure={failure}>{t('clickToChat.needsHandle')}</CallFailure>
      ) : (
        <CallFailure failure={failure} />
      )}
      {link === null && failure === null && <p className="muted">{t('clickToChat.loading')}</p>}
      {link !== null && images !== null && (
        <div className="click-to-chat-body">
          <img
            className="click-to-chat-qr"
            src={images.png}
            alt={t('clickToChat.qrAlt', { channel: channel.name })}
            width={144}
            height={144}
          />
          <div className="click-to-chat-link">
            <CopyField label={t('clickToChat.link')} value={link.url} hint={link.label} />
            <div className="admin-actions">
              <a className="button-link" href={images.png} download={qrFileName(channel.name, 'png')}>
                {t('clickToChat.png')}
              </a>
              <a className="button-link" href={images.svg} download={qrFileName(channel.name, 'svg')}>
                {t('clickToChat.svg')}
              </a>
            </div>
          </div>
        </div>
      )}
    </article>
  );
}

export function ClickToChatTab() {
  const { t } = useT();
  const channels = useInbox((s) => s.channels);
  const live = channels.filter((c) => c.trashedAt === null);
  return (
    <section className="click-to-chat-tab" aria-labelledby="click-to-chat-tab-title">
      <h2 id="click-to-chat-tab-title">{t('clickToChat.title')}</h2>
      <p className="muted">{t('clickToChat.intro')}</p>
      {live.length === 0 ? (
        <p className="muted">{t('clickToChat.none')}</p>
      ) : (
        <div className="click-to-chat-list">
          {live.map((channel) => (
            <ClickToChatCard key={channel.id} channel={channel} />
          ))}
        </div>
      )}
    </section>
  );
}
