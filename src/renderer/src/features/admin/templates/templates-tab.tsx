/**
 * The admin console's Templates tab, per channel with templates (WhatsApp,
 * Twilio): how they are kept and synced with Meta, the list with status
 * chips, and the editor that submits new and changed templates. WhatsApp
 * templates are approved by Meta (its webhook changes the status here and in
 * every agent's composer); Twilio ones are set here. Everything is read from
 * the hub when the tab opens and after each change.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { CHANNEL_RULES } from '../../../../../shared/channel-rules.js';
import type { Channel, Template, TemplateStatus } from '../../../../../shared/domain.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { useInbox } from '../../../stores/store-context.js';
import { TemplateEditor } from './template-editor.js';
import { TemplateError, templateFailureOf, type TemplateFailure } from './template-error.js';
import { TemplateList } from './template-list.js';
import { TemplateSyncPanel } from './template-sync-panel.js';

/** Channels whose templates this tab manages. */
export function templateChannels(channels: readonly Channel[]): Channel[] {
  return channels.filter((c) => CHANNEL_RULES[c.kind].supportsTemplates && c.trashedAt === null);
}

function ChannelTemplates({ channel }: { channel: Channel }) {
  const { t } = useT();
  const api = useApi();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<TemplateFailure | null>(null);
  const local = channel.kind !== 'whatsapp';

  const reload = useCallback(() => {
    api.adminListTemplates(channel.id).then(
      (all) => setTemplates(all.filter((tpl) => tpl.status !== 'deleted')),
      (error: unknown) => setFailure(templateFailureOf(error)),
    );
  }, [api, channel.id]);
  useEffect(() => reload(), [reload]);
  // Meta's decisions (and syncs) arrive in a live batch's `changes`: the list follows them.
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'changes' && (event.all || event.templateChannelIds.includes(channel.id))) reload();
      }),
    [api, channel.id, reload],
  );

  const run = async (work: () => Promise<unknown>, done: string) => {
    setFailure(null);
    setNote('');
    try {
      await work();
      setNote(done);
    } catch (error) {
      setFailure(templateFailureOf(error));
    }
    reload();
  };
  const onDelete = (template: Template) =>
    run(() => api.adminDeleteTemplate(template.id), t('templates.deleted', { name: template.name }));
  const onStatus = (template: Template, status: TemplateStatus) =>
    void run(
      () => api.adminUpdateTemplate(template.id, { status }),
      t('templates.editor.saved', { name: template.name }),
    );

  return (
    <>
      <TemplateSyncPanel channelId={channel.id} onSynced={reload} />
      <p role="status" className="templates-note">
        {note}
      </p>
      <TemplateError failure={failure} />
      {editing !== null ? (
        <TemplateEditor
          key={editing === 'new' ? 'new' : editing.id}
          channel={channel}
          template={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(_saved, saved) => {
            setEditing(null);
            setNote(saved);
            reload();
          }}
        />
      ) : (
        <div className="admin-actions">
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('templates.new')}
          </button>
        </div>
      )}
      {templates !== null && (
        <TemplateList
          templates={templates}
          local={local}
          onEdit={(template) => setEditing(template)}
          onDelete={onDelete}
          onStatus={onStatus}
        />
      )}
    </>
  );
}

export function TemplatesTab() {
  const { t } = useT();
  const all = useInbox((s) => s.channels);
  const channels = useMemo(() => templateChannels(all), [all]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const channel = channels.find((c) => c.id === chosenId) ?? channels[0];

  return (
    <section className="templates-tab" aria-labelledby="templates-tab-title">
      <h2 id="templates-tab-title">{t('templates.title')}</h2>
      <p className="muted templates-intro">{t('templates.intro')}</p>
      {channel === undefined ? (
        <p className="muted">{t('templates.none')}</p>
      ) : (
        <>
          <div className="admin-field templates-channel">
            <label htmlFor="templates-channel">{t('templates.channel')}</label>
            <select id="templates-channel" value={channel.id} onChange={(e) => setChosenId(e.target.value)}>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <ChannelTemplates key={channel.id} channel={channel} />
        </>
      )}
    </section>
  );
}
