import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../common/use-t.js';
import { renderPdfFirstPage } from './pdf-render.js';

/** The first page fits this box, so a tall page does not push the thread off screen. */
const PDF_PREVIEW_BOX = { width: 240, height: 300 };

export function PdfPreview({ url, name }: { url: string; name: string }) {
  const { t } = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ pages: number } | 'loading' | 'failed'>('loading');
  // The technical reason stays out of sight (the agent reads "could not be shown") but support can find it.
  const [reason, setReason] = useState<string | null>(null);

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    const abort = new AbortController();
    setState('loading');
    renderPdfFirstPage(url, target, PDF_PREVIEW_BOX, abort.signal).then(
      (result) => !abort.signal.aborted && setState(result),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setReason(error instanceof Error ? error.message : String(error));
        setState('failed');
      },
    );
    return () => abort.abort();
  }, [url]);

  return (
    <figure
      className="pdf-preview"
      data-state={typeof state === 'string' ? state : 'ready'}
      data-error={reason ?? undefined}
    >
      <canvas ref={canvas} aria-label={name} role="img" hidden={state === 'failed'} />
      <figcaption>
        {state === 'loading' && t('common.loading')}
        {state === 'failed' && t('attachment.pdfFailed')}
        {typeof state === 'object' && t('attachment.pdfPage', { page: 1, pages: state.pages })}
      </figcaption>
    </figure>
  );
}
