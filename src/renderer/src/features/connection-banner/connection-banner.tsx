/** Online / reconnecting / offline, "synced up to", catch-up progress and replies waiting in the outbox. */
import { useConnection } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { formatDateTime } from '../../i18n/translate.js';
import { describeError } from '../../../../shared/errors.js';

export function ConnectionBanner() {
  const { t, lang } = useT();
  const connection = useConnection((s) => s.connection);
  const { status, lastSyncedAt, progress, outboxCount, error } = connection;
  const quiet = status === 'online' && !progress && outboxCount === 0;
  if (quiet) return null;

  const headline =
    status === 'online'
      ? t('connection.online')
      : status === 'connecting'
        ? t('connection.connecting')
        : status === 'offline'
          ? t('connection.offline')
          : t('connection.signedOut');
  const synced =
    lastSyncedAt === null
      ? t('connection.neverSynced')
      : t('connection.syncedAt', { time: formatDateTime(lang, lastSyncedAt) });

  return (
    <div className={`connection-banner connection-${status}`} role="status" aria-live="polite">
      <strong>{headline}</strong>
      {status !== 'online' && <span>{synced}</span>}
      {progress && (
        <span className="connection-progress">
          {t('connection.progress', { applied: progress.applied, total: progress.total })}
          <progress value={progress.applied} max={Math.max(progress.total, 1)} />
        </span>
      )}
      {outboxCount > 0 && <span className="connection-outbox">{t('connection.outbox', { count: outboxCount })}</span>}
      {error && status !== 'online' && <span className="connection-error">{describeError(error.code, lang)}</span>}
    </div>
  );
}
