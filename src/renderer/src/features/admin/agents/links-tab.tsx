/**
 * The admin console's Channel links tab: agents × channels, one checkbox per link, a box per row and
 * per column to tick or clear it whole. Nothing goes to the hub until Save, which sends every change
 * at once (PUT /api/channels/links, one transaction: all or nothing) and says what it did.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AgentAccess, LinkChange } from '../../../../../shared/agent-access.js';
import type { Channel } from '../../../../../shared/domain.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';

const cellKey = (channelId: string, agentId: string): string => `${channelId}\n${agentId}`;

/** A checkbox that can show "some of them" (indeterminate is a property, not an attribute). */
function GroupBox({
  label,
  checked,
  mixed,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  mixed: boolean;
  disabled: boolean;
  onChange: (linked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={checked}
      disabled={disabled}
      onChange={() => onChange(!checked)}
    />
  );
}

export function LinksTab() {
  const { t } = useT();
  const api = useApi();
  const [agents, setAgents] = useState<AgentAccess[] | null>(null);
  const [channels, setChannels] = useState<Channel[] | null>(null);
  /** Cells the admin changed and not saved yet: the wanted value. */
  const [draft, setDraft] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  // Bumped to read agents and channels again after saving.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    Promise.all([api.adminListAgents(), api.adminListChannels()]).then(
      ([nextAgents, nextChannels]) => {
        if (!current) return;
        setAgents(nextAgents);
        setChannels(nextChannels);
      },
      (error: unknown) => current && setFailure(failureOf(error)),
    );
    return () => {
      current = false;
    };
  }, [api, version]);

  const saved = useMemo(() => {
    const linked = new Set<string>();
    for (const channel of channels ?? []) for (const id of channel.linkedAgentIds) linked.add(cellKey(channel.id, id));
    return linked;
  }, [channels]);

  const isLinked = (channelId: string, agentId: string): boolean =>
    draft.get(cellKey(channelId, agentId)) ?? saved.has(cellKey(channelId, agentId));

  /** Sets cells to `linked`; a cell set back to what is saved is no longer a change. */
  function setCells(cells: readonly { channelId: string; agentId: string }[], linked: boolean) {
    setNotice(null);
    setDraft((current) => {
      const next = new Map(current);
      for (const { channelId, agentId } of cells) {
        const key = cellKey(channelId, agentId);
        if (saved.has(key) === linked) next.delete(key);
        else next.set(key, linked);
      }
      return next;
    });
  }

  const changes: LinkChange[] = [...draft].map(([key, linked]) => {
    const [channelId = '', agentId = ''] = key.split('\n');
    return { channelId, agentId, linked };
  });
  const added = changes.filter((c) => c.linked).length;
  const removed = changes.length - added;

  async function save() {
    setSaving(true);
    setFailure(null);
    try {
      const result = await api.adminSetLinks(changes);
      // The changed channels as the hub now has them, at once; then everything again.
      const changed = new Map(result.channels.map((c) => [c.id, c]));
      setChannels((current) => current && current.map((c) => changed.get(c.id) ?? c));
      setDraft(new Map());
      setNotice(t('agents.links.saved', { linked: result.linked, unlinked: result.unlinked }));
      setVersion((v) => v + 1);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setSaving(false);
    }
  }

  if (agents === null || channels === null) {
    return (
      <section className="links-tab" aria-labelledby="links-tab-title">
        <h2 id="links-tab-title">{t('agents.links.title')}</h2>
        {failure ? <CallFailure failure={failure} /> : <p className="muted">{t('common.loading')}</p>}
      </section>
    );
  }

  return (
    <section className="links-tab" aria-labelledby="links-tab-title">
      <h2 id="links-tab-title">{t('agents.links.title')}</h2>
      <p className="muted">{t('agents.links.intro')}</p>
      {channels.length === 0 ? (
        <p>{t('agents.links.noChannels')}</p>
      ) : (
        <div className="links-matrix-scroll">
          <table className="admin-table links-matrix">
            <thead>
              <tr>
                <th scope="col">{t('agents.links.agent')}</th>
                {channels.map((channel) => {
                  const cells = agents
                    .filter((a) => a.agent.active)
                    .map((a) => ({ channelId: channel.id, agentId: a.agent.id }));
                  const on = cells.filter((c) => isLinked(c.channelId, c.agentId)).length;
                  return (
                    <th key={channel.id} scope="col">
                      <span className="links-channel-name">{channel.name}</span>
                      <GroupBox
                        label={t('agents.links.column', { channel: channel.name })}
                        checked={cells.length > 0 && on === cells.length}
                        mixed={on > 0 && on < cells.length}
                        disabled={cells.length === 0}
                        onChange={(linked) => setCells(cells, linked)}
                      />
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {agents.map(({ agent }) => {
                const cells = channels.map((c) => ({ channelId: c.id, agentId: agent.id }));
                const on = cells.filter((c) => isLinked(c.channelId, c.agentId)).length;
                return (
                  <tr key={agent.id} className={agent.active ? '' : 'inactive'}>
                    <th scope="row">
                      <span className="links-agent">
                        <GroupBox
                          label={t('agents.links.row', { agent: agent.name })}
                          checked={on === cells.length}
                          mixed={on > 0 && on < cells.length}
                          disabled={!agent.active}
                          onChange={(linked) => setCells(cells, linked)}
                        />
                        <span>
                          {agent.name}
                          {!agent.active && <span className="hint"> — {t('agents.links.inactive')}</span>}
                        </span>
                      </span>
                    </th>
                    {channels.map((channel) => {
                      const key = cellKey(channel.id, agent.id);
                      const linked = isLinked(channel.id, agent.id);
                      return (
                        <td key={channel.id} className={draft.has(key) ? 'changed' : ''}>
                          <input
                            type="checkbox"
                            aria-label={t('agents.links.cell', { agent: agent.name, channel: channel.name })}
                            checked={linked}
                            // A deactivated agent may be unlinked, never linked (the hub refuses it).
                            disabled={!agent.active && !linked}
                            onChange={(e) => setCells([{ channelId: channel.id, agentId: agent.id }], e.target.checked)}
                          />
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="links-footer">
        <p role="status" className="form-notice">
          {changes.length > 0 ? t('agents.links.pending', { added, removed }) : (notice ?? t('agents.links.none'))}
        </p>
        <CallFailure failure={failure} />
        <div className="admin-actions">
          <button type="button" disabled={changes.length === 0 || saving} onClick={() => setDraft(new Map())}>
            {t('agents.links.discard')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={changes.length === 0 || saving}
            onClick={() => void save()}
          >
            {t('agents.links.save')}
          </button>
        </div>
      </div>
    </section>
  );
}
