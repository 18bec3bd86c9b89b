/**
 * A template as the customer sees it on WhatsApp: the header (its text, or
 * which file goes on top), the body with the values filled in so far
 * (empty placeholders stay visible as {{n}}), the footer and the buttons.
 * The admin's editor and the agent's template picker show the same card.
 */
import { bodyParams, previewButtonUrl, previewHeader, type TemplateContent } from '../../../shared/template-slots.js';
import { useT } from './use-t.js';

function fill(body: string, values: readonly string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (all, n: string) => {
    const value = values[Number(n) - 1];
    return value && value.trim() ? value : all;
  });
}

const BUTTON_MARK = { quick_reply: '↩', url: '↗', phone_number: '☎' } as const;

export function TemplatePreview({
  content,
  params,
  caption,
}: {
  content: TemplateContent;
  params: readonly string[];
  caption: string;
}) {
  const { t } = useT();
  const header = content.header;
  const headerText = previewHeader(content, params);
  return (
    <figure className="template-preview">
      <figcaption>{caption}</figcaption>
      <div className="template-preview-card">
        {header !== null && header.format !== 'text' && (
          <p className={`template-preview-media media-${header.format}`}>
            {t(`templates.media.${header.format}`)}
            {header.mediaUrl !== null && <span className="template-preview-link"> · {header.mediaUrl}</span>}
          </p>
        )}
        {headerText !== null && <p className="template-preview-header">{headerText}</p>}
        <p className="template-preview-body" data-testid="template-preview">
          {fill(content.body, bodyParams(content, params))}
        </p>
        {content.footer !== null && <p className="template-preview-footer">{content.footer}</p>}
        {content.buttons.length > 0 && (
          <ul className="template-preview-buttons" aria-label={t('templates.buttonsLabel')}>
            {content.buttons.map((button, i) => (
              <li
                key={i}
                title={button.type === 'url' ? (previewButtonUrl(content, params, i) ?? undefined) : undefined}
              >
                <span aria-hidden="true">{BUTTON_MARK[button.type]} </span>
                {button.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </figure>
  );
}
