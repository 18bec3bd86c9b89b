/**
 * Export transcript: a small dialog asks whether private notes go into the file, then the client
 * core writes it in this window's time zone (the IANA zone the renderer runs in, which the core
 * checks) and the browser saves it as a download (the renderer has no file system).
 */
import { useState } from 'react';
import { Modal } from '../../common/modal.js';
import { useT } from '../../common/use-t.js';
import { useConversation } from '../../stores/store-context.js';

function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** The zone the app shows its times in. */
export function rendererTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function TranscriptExport() {
  const { t } = useT();
  const exportTranscript = useConversation((s) => s.exportTranscript);
  const [open, setOpen] = useState(false);
  const [includeNotes, setIncludeNotes] = useState(false);
  const [busy, setBusy] = useState(false);
  const timeZone = rendererTimeZone();

  async function onExport() {
    setBusy(true);
    const transcript = await exportTranscript({ timeZone, includeNotes });
    setBusy(false);
    if (!transcript) return;
    downloadText(transcript.fileName, transcript.text);
    setOpen(false);
  }

  return (
    <>
      <button type="button" className="icon-button" title={t('conversation.export')} onClick={() => setOpen(true)}>
        ⤓<span className="sr-only">{t('conversation.export')}</span>
      </button>
      {open && (
        <Modal title={t('transcript.title')} onClose={() => setOpen(false)} className="transcript-dialog">
          <p>{t('transcript.zone', { zone: timeZone })}</p>
          <label className="note-toggle">
            <input type="checkbox" checked={includeNotes} onChange={(e) => setIncludeNotes(e.target.checked)} />
            {t('transcript.includeNotes')}
          </label>
          <footer className="modal-footer">
            <button type="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void onExport()}>
              {t('transcript.export')}
            </button>
          </footer>
        </Modal>
      )}
    </>
  );
}
