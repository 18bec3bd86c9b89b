import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../common/use-t.js';
import { renderPdfFirstPage } from './pdf-render.js';

const PDF_PREVIEW_WIDTH = 280;

export function PdfPreview({ url, name }: { url: string; name: string }) {
  const { t } = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ pages: number } | 'loading' | 'failed'>('loading');

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    const abort = new AbortController();
    setState('loading');
    renderPdfFirstPage(url, target, PDF_PREVIEW_WIDTH, abort.signal).then(
      (result) => !abort.signal.aborted && setState(result),
      () => !abort.signal.aborted && setState('failed'),
    );
    return () => abort.abort();
  }, [url]);

  return (
    <figure className="pdf-preview" data-state={typeof state === 'string' ? state : 'ready'}>
      <canvas ref={canvas} aria-label={name} role="img" hidden={state === 'failed'} />
      <figcaption>
        {state === 'loading' && t('common.loading')}
        {state === 'failed' && t('attachment.pdfFailed')}
        {typeof state === 'object' && t('attachment.pdfPage', { page: 1, pages: state.pages })}
      </figcaption>
    </figure>
  );
}
