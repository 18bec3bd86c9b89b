/** "Hanako is typing…" under the thread while another agent writes in this conversation. */
import { useConversation, useTyping } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';

const NONE: readonly never[] = [];

export function TypingIndicator() {
  const { t } = useT();
  const conversationId = useConversation((s) => s.detail?.row.conversation.id ?? null);
  const agents = useTyping((s) => (conversationId ? (s.typingAgents[conversationId] ?? NONE) : NONE));
  return (
    <p className="typing-indicator" role="status" aria-live="polite">
      {agents.map((a) => t('conversation.typing', { name: a.agentName })).join(' ')}
    </p>
  );
}
