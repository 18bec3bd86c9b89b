/**
 * The admin console: one screen in place of the inbox, a tab per area. Shown
 * to admins only (the top bar offers it to no one else, and the hub refuses
 * every admin call from an agent regardless). Its data comes from the hub
 * when a tab opens, so offline it says it needs the connection.
 */
import { useRef, type KeyboardEvent } from 'react';
import { useT } from '../../common/use-t.js';
import type { MessageKey } from '../../i18n/en.js';
import { useConnection, useUi } from '../../stores/store-context.js';
import { ADMIN_TABS, type AdminTab } from '../../stores/ui-slice.js';
import { AgentsTab } from './agents/agents-tab.js';
import { LinksTab } from './agents/links-tab.js';
import { CannedRepliesTab } from './canned-replies/canned-replies-tab.js';
import { ChannelsTab } from './channels/channels-tab.js';
import { ClickToChatTab } from './credits/click-to-chat-tab.js';
import { ContactsTrashTab } from './credits/contacts-trash-tab.js';
import { CreditsLowBanner } from './credits/credits-low-banner.js';
import { CreditsTab } from './credits/credits-tab.js';
import { ChannelHealthBanner } from './health/health-banner.js';
import { TemplatesTab } from './templates/templates-tab.js';

const TAB_LABEL: Record<AdminTab, MessageKey> = {
  channels: 'admin.tab.channels',
  agents: 'admin.tab.agents',
  links: 'admin.tab.links',
  templates: 'admin.tab.templates',
  cannedReplies: 'admin.tab.cannedReplies',
  credits: 'admin.tab.credits',
  clickToChat: 'admin.tab.clickToChat',
  contactsTrash: 'admin.tab.contactsTrash',
};

const TAB_PANEL: Record<AdminTab, () => React.ReactNode> = {
  channels: ChannelsTab,
  agents: AgentsTab,
  links: LinksTab,
  templates: TemplatesTab,
  cannedReplies: CannedRepliesTab,
  credits: CreditsTab,
  clickToChat: ClickToChatTab,
  contactsTrash: ContactsTrashTab,
};

export function AdminConsole() {
  const { t } = useT();
  const tab = useUi((s) => s.adminTab);
  const openAdmin = useUi((s) => s.openAdmin);
  const closeAdmin = useUi((s) => s.closeAdmin);
  const online = useConnection((s) => s.connection.status === 'online');
  const tabs = useRef<HTMLDivElement>(null);
  const Panel = TAB_PANEL[tab];

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab leaves the list.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? -1
          : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = ADMIN_TABS[(ADMIN_TABS.indexOf(tab) + step + ADMIN_TABS.length) % ADMIN_TABS.length];
    openAdmin(next);
    tabs.current?.querySelector<HTMLElement>(`#admin-tab-${next}`)?.focus();
  }

  return (
    <div className="admin-console">
      <nav className="admin-nav" aria-label={t('admin.tabs')}>
        <button type="button" className="admin-back" onClick={closeAdmin}>
          ← {t('admin.back')}
        </button>
        <div role="tablist" aria-orientation="vertical" aria-label={t('admin.tabs')} ref={tabs} onKeyDown={onKeyDown}>
          {ADMIN_TABS.map((name) => (
            <button
              key={name}
              id={`admin-tab-${name}`}
              type="button"
              role="tab"
              aria-selected={name === tab}
              aria-controls="admin-panel"
              tabIndex={name === tab ? 0 : -1}
              onClick={() => openAdmin(name)}
            >
              {t(TAB_LABEL[name])}
            </button>
          ))}
        </div>
      </nav>
      <main id="admin-panel" className="admin-panel" role="tabpanel" aria-labelledby={`admin-tab-${tab}`}>
        <ChannelHealthBanner />
        <CreditsLowBanner />
        {online ? <Panel /> : <p className="admin-offline">{t('admin.needsHub')}</p>}
      </main>
    </div>
  );
}
