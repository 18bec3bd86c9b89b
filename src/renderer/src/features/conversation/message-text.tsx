/**
 * A message's words with its links (linkify.ts) clickable. A click never navigates the app: it
 * asks the shell to open the URL with the system's browser or mail program (openExternalLink,
 * docs/desktop.md "Links in messages"). Text stays React text nodes, never HTML.
 */
import type { MouseEvent } from 'react';
import { HighlightedText } from '../../common/highlighted-text.js';
import { useT } from '../../common/use-t.js';
import { useUi } from '../../stores/store-context.js';
import { linkify } from './linkify.js';

function MessageLink({ url, text, terms }: { url: string; text: string; terms: readonly string[] }) {
  const { t } = useT();
  const openLink = useUi((s) => s.openLink);
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    void openLink(url);
  }
  return (
    <a
      href={url}
      className="message-link"
      rel="noopener noreferrer"
      title={t(url.startsWith('mailto:') ? 'link.opensMail' : 'link.opensOutside')}
      onClick={onClick}
      // A middle click would ask for a new window, which the shell refuses; open it the same way.
      onAuxClick={(event) => {
        if (event.button === 1) onClick(event);
      }}
    >
      <HighlightedText text={text} terms={terms} />
    </a>
  );
}

export function MessageText({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <p className="message-text">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <MessageLink key={i} url={part.url} text={part.text} terms={terms} />
        ) : (
          <HighlightedText key={i} text={part.text} terms={terms} />
        ),
      )}
    </p>
  );
}
