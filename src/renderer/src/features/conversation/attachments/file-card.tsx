/**
 * A file we do not preview: name, size, type, and open / save links to the
 * cached copy. *Open* hands the file to the OS only when the main process
 * decided it may (see AttachmentOpening); otherwise the link shows it in its
 * folder and the card says what the file really is.
 */
import type { AttachmentOpening } from '../../../../../shared/api.js';
import type { Attachment } from '../../../../../shared/domain.js';
import { extensionOf } from '../../../../../shared/channel-rules.js';
import { HIDDEN_CHARACTERS, showFileName } from '../../../../../shared/hidden-characters.js';
import { useT } from '../../../common/use-t.js';
import { formatBytes } from '../../../i18n/translate.js';
import { FileName } from './file-name.js';

/** The shell saves (rather than opens) a media URL that asks for `download=1`. */
export function downloadUrlOf(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

function OpeningWarning({ opening }: { opening: AttachmentOpening }) {
  const { t } = useT();
  if (opening.action === 'open' || opening.risk === null) return null;
  const ext = opening.extension ? `.${opening.extension}` : t('attachment.noExtension');
  return (
    <span className="file-card-warning" role="note">
      {t(`attachment.risk.${opening.risk}`, { ext })} {t('attachment.revealNote')}
    </span>
  );
}

export function FileCard({
  attachment,
  url,
  opening,
}: {
  attachment: Attachment;
  url: string | null;
  opening: AttachmentOpening | null;
}) {
  const { t, lang } = useT();
  const name = attachment.fileName ?? attachment.id;
  const shown = showFileName(name);
  const ext = (opening?.extension ?? extensionOf(name.replace(HIDDEN_CHARACTERS, ''))).toUpperCase();
  return (
    <div className="file-card">
      <span className="file-card-icon" aria-hidden="true">
        {ext || '?'}
      </span>
      <span className="file-card-main">
        <FileName name={name} className="file-card-name" />
        <span className="file-card-meta">
          {attachment.size === null ? t('attachment.unknownSize') : formatBytes(lang, attachment.size)} ·{' '}
          {attachment.mimeType}
        </span>
        {shown.hadHidden && (
          <span className="file-card-warning" role="note">
            {t('attachment.hiddenCharacters')}
          </span>
        )}
        {opening && <OpeningWarning opening={opening} />}
      </span>
      {url && opening && (
        <span className="file-card-actions">
          <a href={url} target="_blank" rel="noopener noreferrer">
            {opening.action === 'open' ? t('attachment.open') : t('attachment.showInFolder')}
          </a>
          {/* In Electron the shell turns this window.open into a save dialog; in a browser `download` saves it. */}
          <a href={downloadUrlOf(url)} target="_blank" rel="noopener noreferrer" download={opening.fileName}>
            {t('attachment.save')}
          </a>
        </span>
      )}
    </div>
  );
}
