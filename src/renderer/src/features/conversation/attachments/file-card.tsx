/** A file we do not preview: name, size, type, and open / save links to the cached copy. */
import type { Attachment } from '../../../../../shared/domain.js';
import { extensionOf } from '../../../../../shared/channel-rules.js';
import { useT } from '../../../common/use-t.js';
import { formatBytes } from '../../../i18n/translate.js';

/** The shell saves (rather than opens) a media URL that asks for `download=1`. */
export function downloadUrlOf(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

export function FileCard({ attachment, url }: { attachment: Attachment; url: string | null }) {
  const { t, lang } = useT();
  const name = attachment.fileName ?? attachment.id;
  const ext = extensionOf(name).toUpperCase();
  return (
    <div className="file-card">
      <span className="file-card-icon" aria-hidden="true">
        {ext || '?'}
      </span>
      <span className="file-card-main">
        <span className="file-card-name">{name}</span>
        <span className="file-card-meta">
          {attachment.size === null ? t('attachment.unknownSize') : formatBytes(lang, attachment.size)} ·{' '}
          {attachment.mimeType}
        </span>
      </span>
      {url && (
        <span className="file-card-actions">
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t('attachment.open')}
          </a>
          {/* In Electron the shell turns this window.open into a save dialog; in a browser `download` saves it. */}
          <a href={downloadUrlOf(url)} target="_blank" rel="noopener noreferrer" download={name}>
            {t('attachment.save')}
          </a>
        </span>
      )}
    </div>
  );
}
