import { useUi } from '../../stores/store-context.js';
import { Modal } from '../../common/modal.js';
import { useT } from '../../common/use-t.js';
import type { MessageKey } from '../../i18n/en.js';

const SHORTCUTS: readonly (readonly [string, MessageKey])[] = [
  ['j · Alt+↓', 'shortcuts.next'],
  ['k · Alt+↑', 'shortcuts.prev'],
  ['/', 'shortcuts.search'],
  ['a', 'shortcuts.assign'],
  ['e · Alt+E', 'shortcuts.resolve'],
  ['n · Alt+N', 'shortcuts.note'],
  ['s · Alt+S', 'shortcuts.snooze'],
  ['l · Alt+L', 'shortcuts.label'],
  ['c · Alt+C', 'shortcuts.canned'],
  ['Enter', 'shortcuts.send'],
  ['Shift+Enter', 'shortcuts.newline'],
  ['Esc', 'shortcuts.escape'],
  ['?', 'shortcuts.help'],
];

export function HelpSheet() {
  const { t } = useT();
  const closeDialog = useUi((s) => s.closeDialog);
  return (
    <Modal title={t('shortcuts.title')} onClose={closeDialog} className="help-sheet">
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, label]) => (
          <div key={label}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('shortcuts.inField')}</p>
    </Modal>
  );
}
