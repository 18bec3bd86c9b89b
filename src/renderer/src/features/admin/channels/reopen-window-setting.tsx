/**
 * The channel page's reopen window and the offer to convert open conversations (docs/lifecycle.md,
 * "Conversations and tickets"). A customer who writes within `reopenWindowMinutes` after their
 * conversation was resolved reopens it; later, a new conversation (and ticket) starts; 0 = always new.
 * When an admin turns auto-convert on (the settings form above), this offers to give the channel's open
 * conversations without a ticket one (POST /api/channels/:id/convert-open) and says how many it did.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Channel } from '../../../../../shared/domain.js';
import { CallFailure } from '../../../common/call-failure.js';
import { ConfirmDialog } from '../../../common/confirm-dialog.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';

const WINDOW_MAX = 43_200;

function ConvertOpenOffer({ channel }: { channel: Channel }) {
  const { t } = useT();
  const api = useApi();
  const on = channel.settings.autoConvert;
  const [seen, setSeen] = useState(on);
  const [offering, setOffering] = useState(false);
  const [converted, setConverted] = useState<number | null>(null);
  // Turned on since the page opened (the settings form saved it): offer once.
  if (on !== seen) {
    setSeen(on);
    if (on) setOffering(true);
  }
  return (
    <>
      {converted !== null && (
        <p role="status" className="hint">
          {t('tickets.convertOpen.done', { count: String(converted) })}
        </p>
      )}
      {offering && (
        <ConfirmDialog
          title={t('tickets.convertOpen.title')}
          confirmLabel={t('tickets.convertOpen.confirm')}
          onCancel={() => setOffering(false)}
          onConfirm={async () => {
            const result = await api.adminConvertOpenConversations(channel.id);
            setConverted(result.converted);
            setOffering(false);
          }}
        >
          <p>{t('tickets.convertOpen.text')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function ReopenWindowSetting({ channel, onChanged }: { channel: Channel; onChanged: (c: Channel) => void }) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const [minutes, setMinutes] = useState(String(channel.settings.reopenWindowMinutes));
  const [saved, setSaved] = useState(false);
  const { busy, failure, run } = useHubCall();
  const value = Number(minutes);
  const valid = minutes.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= WINDOW_MAX;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const next = await run(() => api.adminUpdateChannel(channel.id, { settings: { reopenWindowMinutes: value } }));
    if (!next) return;
    onChanged(next);
    setSaved(true);
  }

  return (
    <>
      <ConvertOpenOffer channel={channel} />
      <form className="admin-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
        <h3 id={`${id}-title`}>{t('tickets.reopenWindow.title')}</h3>
        <div className="admin-field">
          <label htmlFor={`${id}-minutes`}>{t('tickets.reopenWindow.label')}</label>
          <input
            id={`${id}-minutes`}
            type="number"
            min={0}
            max={WINDOW_MAX}
            step={1}
            value={minutes}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              setMinutes(e.target.value);
              setSaved(false);
            }}
          />
          <span id={`${id}-hint`} className="hint">
            {t('tickets.reopenWindow.hint')}
          </span>
        </div>
        <CallFailure failure={failure} />
        <div className="admin-actions">
          <button type="submit" disabled={busy || !valid}>
            {t('tickets.reopenWindow.save')}
          </button>
          <span role="status">{saved ? t('tickets.reopenWindow.saved') : ''}</span>
        </div>
      </form>
    </>
  );
}
