/**
 * Shows one attachment from the offline cache: images inline (lightbox on
 * click), video and audio players, the first page of a PDF, a card for the
 * rest. Nothing here can run script: images (SVG too) are <img>, which never
 * executes scripts; PDFs are drawn to a canvas; nothing uses innerHTML.
 */
import { useEffect } from 'react';
import type { AttachmentOpening } from '../../../../../shared/api.js';
import type { Attachment } from '../../../../../shared/domain.js';
import { useConversation, useUi } from '../../../stores/store-context.js';
import { useT } from '../../../common/use-t.js';
import { FileCard } from './file-card.js';
import { fileNameText } from './file-name.js';
import { PdfPreview } from './pdf-preview.js';

/** While the main process is still fetching the file, ask again after this long. */
const DOWNLOAD_RECHECK_MS = 1500;

export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'file';

export function previewKindOf(mimeType: string): PreviewKind {
  const base = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (base.startsWith('image/')) return 'image';
  if (base.startsWith('video/')) return 'video';
  if (base.startsWith('audio/')) return 'audio';
  if (base === 'application/pdf') return 'pdf';
  return 'file';
}

interface ReadyPreviewProps {
  attachment: Attachment;
  url: string;
  opening: AttachmentOpening | null;
  compact: boolean;
}

function ReadyPreview({ attachment, url, opening, compact }: ReadyPreviewProps) {
  const { t } = useT();
  const openLightbox = useUi((s) => s.openLightbox);
  // Alt text, labels and the lightbox title show hidden characters as "…" too (no bidi override survives).
  const name = attachment.fileName === null ? t('attachment.image') : fileNameText(attachment.fileName);
  switch (previewKindOf(attachment.mimeType)) {
    case 'image':
      return (
        <button
          type="button"
          className={`image-preview ${compact ? 'compact' : ''}`}
          aria-label={t('attachment.enlarge')}
          onClick={() => openLightbox({ url, name })}
        >
          <img src={url} alt={name} loading="lazy" decoding="async" referrerPolicy="no-referrer" />
        </button>
      );
    case 'video':
      return <video className="video-preview" src={url} controls preload="metadata" aria-label={name} />;
    case 'audio':
      return <audio className="audio-preview" src={url} controls preload="metadata" aria-label={name} />;
    case 'pdf':
      return (
        <div className="pdf-attachment">
          <PdfPreview url={url} name={name} />
          <FileCard attachment={attachment} url={url} opening={opening} />
        </div>
      );
    case 'file':
      return <FileCard attachment={attachment} url={url} opening={opening} />;
  }
}

interface AttachmentPreviewProps {
  attachment: Attachment;
  compact?: boolean;
  /**
   * The agent's own reply: the id its file had while queued (`<clientId>-<n>`). Once the hub's message
   * takes the bubble's place, that copy shows until the hub attachment's view is read, never "Downloading…".
   */
  ownCopyId?: string | undefined;
}

export function AttachmentPreview({ attachment, compact = false, ownCopyId }: AttachmentPreviewProps) {
  const { t } = useT();
  const view = useConversation((s) => s.attachmentViews[attachment.id]);
  const ownCopy = useConversation((s) =>
    ownCopyId === undefined || ownCopyId === attachment.id ? undefined : s.attachmentViews[ownCopyId],
  );
  const loadAttachment = useConversation((s) => s.loadAttachment);
  const progress = useConversation((s) => s.attachmentProgress[attachment.id]);

  useEffect(() => {
    void loadAttachment(attachment.id);
  }, [attachment.id, loadAttachment]);

  useEffect(() => {
    if (view?.status !== 'downloading') return;
    const timer = setTimeout(() => void loadAttachment(attachment.id), DOWNLOAD_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [view, attachment.id, loadAttachment]);

  if (attachment.status === 'failed') {
    return <FailedAttachment attachment={attachment} reason={attachment.error} />;
  }
  if ((!view || view.status === 'downloading') && ownCopy?.status === 'ready' && ownCopy.url !== null) {
    return <ReadyPreview attachment={attachment} url={ownCopy.url} opening={ownCopy.opening} compact={compact} />;
  }
  if (!view || view.status === 'downloading') {
    const percent =
      progress && progress.total ? Math.min(100, Math.floor((progress.received / progress.total) * 100)) : null;
    return (
      <div className="attachment-pending" role="status">
        {percent === null
          ? t('attachment.downloading')
          : t('attachment.downloadingPercent', { percent: String(percent) })}
        {percent !== null && <progress max={100} value={percent} aria-hidden="true" />}
      </div>
    );
  }
  if (view.status === 'unavailable' || view.url === null) {
    return <FailedAttachment attachment={attachment} reason={view.error} />;
  }
  return <ReadyPreview attachment={view.attachment} url={view.url} opening={view.opening} compact={compact} />;
}

function FailedAttachment({ attachment, reason }: { attachment: Attachment; reason: string | null }) {
  const { t } = useT();
  return (
    <div className="attachment-failed">
      <FileCard attachment={attachment} url={null} opening={null} />
      <p className="form-error">{t('attachment.unavailable', { reason: reason ?? '' })}</p>
    </div>
  );
}
