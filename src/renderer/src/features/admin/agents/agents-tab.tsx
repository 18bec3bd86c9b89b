/**
 * The admin console's Agents tab: every agent with role, permissions, sign-in state, presence and
 * linked channels, fresh from the hub; add an agent (temporary password or invitation link), edit role
 * and permissions, reset a password, deactivate (their open conversations are re-routed) or reactivate.
 */
import { useEffect, useState } from 'react';
import type { AgentAccess } from '../../../../../shared/agent-access.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { HubList } from '../../../common/hub-list.js';
import { useApi } from '../../../common/use-api.js';
import { useT, type T } from '../../../common/use-t.js';
import { formatDateTime, type Lang } from '../../../i18n/translate.js';
import { useSession } from '../../../stores/store-context.js';
import { DeactivateAgentDialog, EditAgentDialog, ResetPasswordDialog } from './agent-dialogs.js';
import { CreateAgentDialog } from './create-agent-dialog.js';
import { PERMISSION_NAMES } from './permission-fields.js';
import { TeamSettingsSection } from './team-settings-section.js';

type Dialog =
  { readonly kind: 'create' } | { readonly kind: 'edit' | 'deactivate' | 'reset'; readonly access: AgentAccess } | null;

function signInState(access: AgentAccess, t: T, lang: Lang): string {
  if (!access.agent.active) return t('agents.state.deactivated');
  if (access.passwordChangeRequired) return t('agents.state.mustChange');
  const invitation = access.invitation;
  if (invitation) {
    const date = formatDateTime(lang, invitation.expiresAt);
    return invitation.expired ? t('agents.state.invitationExpired', { date }) : t('agents.state.invited', { date });
  }
  return t('agents.state.active');
}

function permissionsText(access: AgentAccess, t: T): string {
  if (access.agent.role === 'admin') return t('agents.permissions.admin');
  const granted = PERMISSION_NAMES.filter((name) => access.agent.permissions[name]);
  return granted.length === 0
    ? t('agents.permissions.none')
    : granted.map((n) => t(`agents.permission.${n}`)).join(', ');
}

export function AgentsTab() {
  const { t, lang } = useT();
  const api = useApi();
  const myId = useSession((s) => s.session?.agent.id ?? null);
  const [agents, setAgents] = useState<AgentAccess[] | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [actionFailure, setActionFailure] = useState<Failure | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  // Bumped to read the list again after a change.
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  useEffect(() => {
    let current = true;
    api.adminListAgents().then(
      (items) => {
        if (!current) return;
        setAgents(items);
        setLoadFailure(null);
      },
      (error: unknown) => current && setLoadFailure(failureOf(error)),
    );
    return () => {
      current = false;
    };
  }, [api, version]);

  const activeAdmins = (agents ?? []).filter((a) => a.agent.active && a.agent.role === 'admin').length;
  const isLastAdmin = (access: AgentAccess) =>
    access.agent.active && access.agent.role === 'admin' && activeAdmins <= 1;

  function done(message: string | null) {
    setDialog(null);
    if (message) setNotice(message);
    reload();
  }

  async function reactivate(access: AgentAccess) {
    setBusyId(access.agent.id);
    setActionFailure(null);
    try {
      await api.adminReactivateAgent(access.agent.id);
      setNotice(t('agents.done.reactivated', { name: access.agent.name }));
    } catch (error) {
      setNotice(null);
      setActionFailure(failureOf(error));
    } finally {
      setBusyId(null);
      reload();
    }
  }

  return (
    <section className="agents-tab" aria-labelledby="agents-tab-title">
      <header className="agents-tab-header">
        <h2 id="agents-tab-title">{t('agents.title')}</h2>
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
          {t('agents.add')}
        </button>
      </header>
      <p className="muted">{t('agents.intro')}</p>
      <p role="status" className="form-notice">
        {notice}
      </p>
      <CallFailure failure={actionFailure} />
      <HubList items={agents} failure={loadFailure} loading={t('agents.loading')}>
        {(agents) => (
          <table className="admin-table agents-table">
            <thead>
              <tr>
                <th scope="col">{t('agents.col.name')}</th>
                <th scope="col">{t('agents.col.role')}</th>
                <th scope="col">{t('agents.col.permissions')}</th>
                <th scope="col">{t('agents.col.status')}</th>
                <th scope="col">{t('agents.col.presence')}</th>
                <th scope="col">{t('agents.col.channels')}</th>
                <th scope="col">{t('agents.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((access) => {
                const { agent } = access;
                const lastAdmin = isLastAdmin(access);
                return (
                  <tr key={agent.id} className={agent.active ? '' : 'inactive'}>
                    <th scope="row">
                      <span className="agent-name">
                        {agent.name} {agent.id === myId && <span className="muted">{t('agents.you')}</span>}
                      </span>
                      <span className="agent-email muted">{agent.email}</span>
                    </th>
                    <td>{t(`agents.role.${agent.role}`)}</td>
                    <td>{permissionsText(access, t)}</td>
                    <td>{signInState(access, t, lang)}</td>
                    <td>
                      <span className={`presence-dot presence-${agent.presence}`} aria-hidden="true" />{' '}
                      {t(`presence.${agent.presence}`)}
                    </td>
                    <td>
                      {t('agents.channels.count', { count: access.linkedChannelIds.length })}
                      {agent.capacity != null && (
                        <span className="muted"> · {t('agents.capacity.count', { count: agent.capacity })}</span>
                      )}
                      {access.openConversations > 0 && (
                        <span className="muted"> · {t('agents.open.count', { count: access.openConversations })}</span>
                      )}
                    </td>
                    <td>
                      <div
                        className="admin-actions"
                        role="group"
                        aria-label={t('agents.actionsFor', { name: agent.name })}
                      >
                        <button type="button" onClick={() => setDialog({ kind: 'edit', access })}>
                          {t('agents.edit')}
                        </button>
                        {agent.active ? (
                          <>
                            <button type="button" onClick={() => setDialog({ kind: 'reset', access })}>
                              {t('agents.resetPassword')}
                            </button>
                            {lastAdmin ? (
                              <span className="hint">{t('agents.lastAdmin')}</span>
                            ) : (
                              <button
                                type="button"
                                className="danger"
                                onClick={() => setDialog({ kind: 'deactivate', access })}
                              >
                                {t('agents.deactivate')}
                              </button>
                            )}
                          </>
                        ) : (
                          <button type="button" disabled={busyId === agent.id} onClick={() => void reactivate(access)}>
                            {t('agents.reactivate')}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </HubList>
      <TeamSettingsSection />
      {dialog?.kind === 'create' && (
        <CreateAgentDialog
          onClose={() => setDialog(null)}
          onCreated={(name) => {
            setNotice(t('agents.done.created', { name }));
            reload();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <EditAgentDialog
          access={dialog.access}
          isLastAdmin={isLastAdmin(dialog.access)}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {dialog?.kind === 'deactivate' && (
        <DeactivateAgentDialog access={dialog.access} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog access={dialog.access} onClose={() => setDialog(null)} onDone={reload} />
      )}
    </section>
  );
}
