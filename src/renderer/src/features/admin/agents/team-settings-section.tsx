/**
 * The Agents tab's Team section: settings for the whole team, fresh from the hub
 * (GET/PATCH /api/team-settings). Today one: whether replying to an unassigned
 * conversation assigns it to the replier (on by default; a private note never does).
 */
import { useEffect, useState } from 'react';
import type { TeamSettings } from '../../../../../shared/admin/team-settings.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';

export function TeamSettingsSection() {
  const { t } = useT();
  const api = useApi();
  const [settings, setSettings] = useState<TeamSettings | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useHubCall();

  useEffect(() => {
    let current = true;
    api.adminGetTeamSettings().then(
      (loaded) => current && setSettings(loaded),
      (error: unknown) => current && setLoadFailure(failureOf(error)),
    );
    return () => {
      current = false;
    };
  }, [api]);

  async function setAssignOnReply(assignOnReply: boolean) {
    const before = settings;
    setNotice(null);
    // Shown at once; put back when the hub refuses.
    if (before) setSettings({ ...before, assignOnReply });
    const saved = await save.run(() => api.adminUpdateTeamSettings({ assignOnReply }));
    if (saved === null) {
      setSettings(before);
      return;
    }
    setSettings(saved);
    setNotice(saved.assignOnReply ? t('teamSettings.assignOnReply.on') : t('teamSettings.assignOnReply.off'));
  }

  return (
    <section className="team-settings" aria-labelledby="team-settings-title">
      <h3 id="team-settings-title">{t('teamSettings.title')}</h3>
      <CallFailure failure={loadFailure} />
      {settings !== null && (
        <>
          <label className="checkbox-row">
            <input
              type="checkbox"
              checked={settings.assignOnReply}
              disabled={save.busy}
              aria-describedby="team-settings-assign-hint"
              onChange={(e) => void setAssignOnReply(e.target.checked)}
            />
            {t('teamSettings.assignOnReply')}
          </label>
          <p id="team-settings-assign-hint" className="hint">
            {t('teamSettings.assignOnReply.hint')}
          </p>
        </>
      )}
      <p role="status" className="form-notice">
        {notice}
      </p>
      <CallFailure failure={save.failure} />
    </section>
  );
}
