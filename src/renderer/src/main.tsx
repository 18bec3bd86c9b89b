import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createAppStore } from './stores/app-store.js';
import { unwrapApi } from './stores/unwrap-api.js';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/inbox.css';
import './styles/avatar.css';
import './styles/triage.css';
import './styles/conversation.css';
import './styles/activity.css';
import './styles/team-settings.css';
import './styles/composer.css';
import './styles/sends.css';
import './styles/dialogs.css';
import './styles/admin.css';
import './styles/admin-templates.css';
import './styles/admin-agents.css';
import './styles/admin-channels.css';
import './styles/admin-health.css';
import './styles/admin-canned-replies.css';
import './styles/admin-credits-trash.css';

/** Drafts are saved this long after the last keystroke (and on switching conversation or closing). */
const DRAFT_DELAY_MS = 500;

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const api = unwrapApi(window.api);
const store = createAppStore(api, {
  storage: window.localStorage,
  locale: navigator.language,
  draftDelayMs: DRAFT_DELAY_MS,
});
createRoot(container).render(
  <StrictMode>
    <App store={store} api={api} />
  </StrictMode>,
);
