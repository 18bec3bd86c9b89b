/**
 * How the channel's templates are kept and how the last sync with Meta went:
 * the WhatsApp Business Account id it lacks, the last sync and its count, or
 * Meta's refusal in words; "Sync now" reads the account while saying so, then
 * tells what changed and which templates cannot be offered to agents.
 */
import { useEffect, useState } from 'react';
import type { TemplateSyncResult, TemplateSyncState } from '../../../../../shared/templates.js';
import { formatDateTime } from '../../../i18n/translate.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { TemplateError, templateFailureOf, type TemplateFailure } from './template-error.js';

function LastSync({ state }: { state: TemplateSyncState }) {
  const { t, lang } = useT();
  switch (state.status) {
    case 'local':
      return <p className="hint">{t('templates.sync.local')}</p>;
    case 'needs-waba-id':
      return <p className="templates-needs-waba">{t('templates.sync.needsWaba')}</p>;
    case 'never':
      return <p className="hint">{t('templates.sync.never')}</p>;
    case 'ok':
      return (
        <p className="hint">
          {t('templates.sync.ok', {
            time: state.syncedAt === null ? '' : formatDateTime(lang, state.syncedAt),
            count: state.templateCount.toLocaleString(lang),
          })}
        </p>
      );
    case 'failed':
      return (
        <div className="templates-sync-failed">
          <p>
            {t('templates.sync.failed', {
              time: state.attemptedAt === null ? '' : formatDateTime(lang, state.attemptedAt),
            })}
          </p>
          {state.error && (
            <TemplateError
              failure={templateFailureOf({
                code: state.error.code,
                details: { providerError: state.error.message.replace(/^Meta: /, '') },
              })}
            />
          )}
        </div>
      );
  }
}

export function TemplateSyncPanel({ channelId, onSynced }: { channelId: string; onSynced: () => void }) {
  const { t, lang } = useT();
  const api = useApi();
  const [state, setState] = useState<TemplateSyncState | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<TemplateSyncResult | null>(null);
  const [failure, setFailure] = useState<TemplateFailure | null>(null);

  // The panel is mounted per channel (keyed by it), so there is nothing to reset here.
  useEffect(() => {
    let live = true;
    api.adminTemplateSyncState(channelId).then(
      (next) => live && setState(next),
      (error: unknown) => live && setFailure(templateFailureOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, channelId]);

  async function syncNow() {
    setRunning(true);
    setFailure(null);
    setResult(null);
    try {
      const done = await api.adminSyncTemplates(channelId);
      setResult(done);
      setState(done.state);
      onSynced();
    } catch (error) {
      setFailure(templateFailureOf(error));
      setState(await api.adminTemplateSyncState(channelId).catch(() => null));
    } finally {
      setRunning(false);
    }
  }

  const canSync = state !== null && state.status !== 'local' && state.status !== 'needs-waba-id';
  return (
    <div className="templates-sync" aria-busy={running}>
      {state && <LastSync state={state} />}
      {canSync && (
        <div className="admin-actions">
          <button type="button" disabled={running} onClick={() => void syncNow()}>
            {t('templates.sync.now')}
          </button>
        </div>
      )}
      <p role="status" className="templates-sync-status">
        {running && <span className="templates-spinner" aria-hidden="true" />}
        {running
          ? t('templates.sync.running')
          : result &&
            t('templates.sync.result', {
              count: result.state.templateCount.toLocaleString(lang),
              added: result.added,
              changed: result.changed,
              removed: result.removed,
            })}
      </p>
      {result && result.unsupported.length > 0 && (
        <p className="hint">
          {t('templates.sync.unsupported', {
            count: result.unsupported.length,
            names: result.unsupported.map((u) => `${u.name} (${u.language})`).join(', '),
          })}
        </p>
      )}
      <TemplateError failure={failure} />
    </div>
  );
}
