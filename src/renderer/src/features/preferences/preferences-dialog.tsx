/** The agent's own preferences, shown as Settings: language, theme, notification sound, presence, password, sign out. */
import { Presence } from '../../../../shared/domain.js';
import { useSession, useUi } from '../../stores/store-context.js';
import { Modal } from '../../common/modal.js';
import { useT } from '../../common/use-t.js';
import type { Theme } from '../../stores/ui-slice.js';
import { ChangePasswordForm } from './change-password-form.js';

const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export function PreferencesDialog() {
  const { t, lang } = useT();
  const setLang = useUi((s) => s.setLang);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const closeDialog = useUi((s) => s.closeDialog);
  const openDialog = useUi((s) => s.openDialog);
  const agent = useSession((s) => s.session?.agent ?? null);
  const setPresence = useSession((s) => s.setPresence);
  const signOut = useSession((s) => s.signOut);
  const preferences = useSession((s) => s.preferences);
  const setNotificationSound = useSession((s) => s.setNotificationSound);
  return (
    <Modal title={t('settings.title')} onClose={closeDialog} className="settings-dialog">
      {agent && <p className="muted">{t('settings.signedInAs', { name: agent.name, email: agent.email })}</p>}
      <label>
        {t('settings.language')}
        <select value={lang} onChange={(e) => setLang(e.target.value === 'ja' ? 'ja' : 'en')}>
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
      </label>
      <label>
        {t('settings.theme')}
        <select value={theme} onChange={(e) => setTheme(THEMES.find((th) => th === e.target.value) ?? 'system')}>
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`settings.theme.${th}`)}
            </option>
          ))}
        </select>
      </label>
      {preferences && (
        // Notifications themselves stay on for every agent (FAQ 14); only the sound can be muted.
        <div className="switch-row">
          <label>
            <input
              type="checkbox"
              role="switch"
              checked={preferences.notificationSound}
              aria-describedby="notification-sound-hint"
              onChange={(e) => void setNotificationSound(e.target.checked)}
            />
            {t('settings.notificationSound')}
          </label>
          <span id="notification-sound-hint" className="muted">
            {t('settings.notificationSoundHint')}
          </span>
        </div>
      )}
      {agent && (
        <label>
          {t('settings.presence')}
          <select
            value={agent.presence}
            onChange={(e) => {
              const parsed = Presence.safeParse(e.target.value);
              if (parsed.success) void setPresence(parsed.data);
            }}
          >
            {Presence.options.map((p) => (
              <option key={p} value={p}>
                {t(`presence.${p}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" onClick={() => openDialog('cannedReplies')}>
        {t('cannedReplies.my.open')}
      </button>
      {agent && <ChangePasswordForm />}
      <footer className="modal-footer">
        <button
          type="button"
          onClick={() => {
            closeDialog();
            void signOut();
          }}
        >
          {t('settings.signOut')}
        </button>
        <button type="button" className="primary" onClick={closeDialog}>
          {t('common.close')}
        </button>
      </footer>
    </Modal>
  );
}
