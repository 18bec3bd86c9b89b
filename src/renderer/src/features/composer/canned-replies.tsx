/** The channel's canned replies; choosing one puts its text in the composer to edit before sending. */
import { useConversation, useComposer } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';

export function CannedReplies() {
  const { t } = useT();
  const replies = useConversation((s) => s.detail?.channel.settings.cannedReplies ?? null);
  const text = useComposer((s) => s.composerText);
  const setComposerText = useComposer((s) => s.setComposerText);
  if (!replies || replies.length === 0) return null;
  return (
    <select
      className="canned-replies"
      aria-label={t('composer.canned')}
      value=""
      onChange={(e) => {
        const reply = replies[Number(e.target.value)];
        if (reply) setComposerText(text ? `${text}\n${reply.text}` : reply.text);
      }}
    >
      <option value="" disabled>
        {t('composer.canned')}
      </option>
      {replies.map((reply, i) => (
        <option key={i} value={i}>
          {reply.title}
        </option>
      ))}
    </select>
  );
}
