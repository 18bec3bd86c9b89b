/** The whole app: sign in, or the three-pane inbox with its dialogs. */
import { useEffect } from 'react';
import type { ClientApi } from '../../shared/api.js';
import { connectStoreToEvents, type AppStore } from './stores/app-store.js';
import { StoreProvider, useConnection, useSession, useUi } from './stores/store-context.js';
import { useT } from './common/use-t.js';
import { SignInScreen } from './features/sign-in/sign-in-screen.js';
import { NewPasswordScreen } from './features/sign-in/new-password-screen.js';
import { ConnectionBanner } from './features/connection-banner/connection-banner.js';
import { InboxPane } from './features/inbox/inbox-pane.js';
import { ConversationPane } from './features/conversation/conversation-pane.js';
import { Lightbox } from './features/conversation/attachments/lightbox.js';
import { ReassignDialog } from './features/reassign/reassign-dialog.js';
import { HelpSheet } from './features/shortcuts/help-sheet.js';
import { useShortcuts } from './features/shortcuts/use-shortcuts.js';
import { PreferencesDialog } from './features/preferences/preferences-dialog.js';
import { MyCannedRepliesDialog } from './features/admin/canned-replies/my-canned-replies-dialog.js';
import { Toasts } from './features/notifications/toasts.js';
import { AdminConsole } from './features/admin/admin-console.js';
import { ChannelHealthBanner } from './features/admin/health/health-banner.js';
import { ApiProvider } from './common/use-api.js';

function TopBar() {
  const { t } = useT();
  const unread = useConnection((s) => s.unreadTotal);
  const agent = useSession((s) => s.session?.agent ?? null);
  const linkStatus = useConnection((s) => s.connection.status);
  const openDialog = useUi((s) => s.openDialog);
  const view = useUi((s) => s.view);
  const openAdmin = useUi((s) => s.openAdmin);
  const closeAdmin = useUi((s) => s.closeAdmin);
  // The client core keeps the session's presence as the hub says it (also after a reconnect), so the
  // dot and the presence menu agree; unreachable, the hub sees nobody.
  const presence = linkStatus !== 'online' ? 'offline' : agent?.presence;
  return (
    <header className="top-bar">
      <h1>{t('app.title')}</h1>
      {unread > 0 && (
        <span className="unread-total" data-testid="unread-total" aria-label={t('inbox.unread', { count: unread })}>
          {unread}
        </span>
      )}
      <span className="spacer" />
      {agent && (
        <span className="me">
          <span className={`presence-dot presence-${presence ?? 'offline'}`} aria-hidden="true" /> {agent.name}
        </span>
      )}
      {agent?.role === 'admin' && (
        <button
          type="button"
          className="top-bar-button"
          aria-pressed={view === 'admin'}
          onClick={() => (view === 'admin' ? closeAdmin() : openAdmin())}
        >
          {t('admin.open')}
        </button>
      )}
      <button type="button" className="icon-button" title={t('shortcuts.title')} onClick={() => openDialog('help')}>
        ?<span className="sr-only">{t('shortcuts.title')}</span>
      </button>
      <button type="button" className="icon-button" title={t('settings.open')} onClick={() => openDialog('settings')}>
        ⚙<span className="sr-only">{t('settings.open')}</span>
      </button>
    </header>
  );
}

function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  return (
    <>
      {dialog === 'reassign' && <ReassignDialog />}
      {dialog === 'help' && <HelpSheet />}
      {dialog === 'settings' && <PreferencesDialog />}
      <Lightbox />
      {dialog === 'cannedReplies' && <MyCannedRepliesDialog />}
    </>
  );
}

function Workspace({ store }: { store: AppStore }) {
  useShortcuts(store);
  const isAdmin = useSession((s) => s.session?.agent.role === 'admin');
  const view = useUi((s) => s.view);
  return (
    <div className="workspace">
      <TopBar />
      <ConnectionBanner />
      {isAdmin && view === 'admin' ? (
        <AdminConsole />
      ) : (
        <>
          {/* Admins: channels that stopped working (the admin console shows the same banner itself). */}
          <ChannelHealthBanner />
          <div className="panes">
            <InboxPane />
            <ConversationPane />
          </div>
        </>
      )}
      <Dialogs />
    </div>
  );
}

/** Keeps <html lang>, the theme attribute and the window title (with the unread badge) in step with the store. */
function useDocumentState(): void {
  const lang = useUi((s) => s.lang);
  const theme = useUi((s) => s.theme);
  const unread = useConnection((s) => s.unreadTotal);
  const { t } = useT();
  useEffect(() => {
    const root = document.documentElement;
    root.lang = lang;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [lang, theme]);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.title')}` : t('app.title');
  }, [unread, t]);
}

function Screens({ store }: { store: AppStore }) {
  const status = useSession((s) => s.sessionStatus);
  const mustChangePassword = useSession((s) => s.session?.passwordChangeRequired === true);
  const { t } = useT();
  useDocumentState();
  return (
    <>
      {status === 'loading' && <p className="splash">{t('common.loading')}</p>}
      {status === 'signed-out' && <SignInScreen />}
      {status === 'signed-in' && (mustChangePassword ? <NewPasswordScreen /> : <Workspace store={store} />)}
      <Toasts />
    </>
  );
}

export function App({ store, api }: { store: AppStore; api: ClientApi }) {
  useEffect(() => {
    const unsubscribe = connectStoreToEvents(store, api);
    void store.getState().loadSession();
    const flush = () => void store.getState().flushDraft();
    window.addEventListener('beforeunload', flush);
    return () => {
      unsubscribe();
      window.removeEventListener('beforeunload', flush);
    };
  }, [store, api]);
  return (
    <StoreProvider store={store}>
      <ApiProvider api={api}>
        <Screens store={store} />
      </ApiProvider>
    </StoreProvider>
  );
}
