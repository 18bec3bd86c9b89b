/**
 * The list of canned replies with add, edit and delete (asked again before
 * it goes), shared by the admin console's team tab and every agent's "My
 * canned replies" dialog; each gives its own hub calls. The composer sees a
 * change once the hub's event reaches the cache, a moment later.
 */
import { useEffect, useRef, useState } from 'react';
import type { CannedReply } from '../../../../../shared/domain.js';
import { failureOf, type Failure } from '../../../common/call-failure.js';
import { HubList } from '../../../common/hub-list.js';
import { useT } from '../../../common/use-t.js';
import { CannedReplyForm, type CannedReplyValues, type ChannelChoice } from './canned-reply-form.js';

export interface CannedReplySource {
  list(): Promise<CannedReply[]>;
  channels(): Promise<ChannelChoice[]>;
  create(values: CannedReplyValues): Promise<CannedReply>;
  update(id: string, values: CannedReplyValues): Promise<CannedReply>;
  remove(id: string): Promise<void>;
}

const EXCERPT_MAX = 120;
const excerptOf = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_MAX ? `${line.slice(0, EXCERPT_MAX)}…` : line;
};

type Editing = { readonly reply: CannedReply | null } | null;

export function CannedReplyManager({ source, emptyText }: { source: CannedReplySource; emptyText: string }) {
  const { t, lang } = useT();
  const [replies, setReplies] = useState<CannedReply[] | null>(null);
  const [channels, setChannels] = useState<ChannelChoice[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Bumped after every change: the list is read again from the hub.
  const [version, setVersion] = useState(0);
  const reload = (): void => setVersion((v) => v + 1);

  useEffect(() => {
    let current = true;
    Promise.all([source.list(), source.channels()]).then(
      ([list, choices]) => {
        if (!current) return;
        setReplies(list);
        setChannels(choices);
        setFailure(null);
      },
      (error: unknown) => current && setFailure(failureOf(error)),
    );
    return () => {
      current = false;
    };
  }, [source, version]);

  // Back from the form (saved or cancelled), the keyboard goes on from the list, not from nowhere.
  useEffect(() => {
    if (wasEditing.current && editing === null) addButton.current?.focus();
    wasEditing.current = editing !== null;
  }, [editing]);

  const channelName = (channelId: string | null): string =>
    channelId === null
      ? t('cannedReplies.allChannels')
      : (channels.find((c) => c.id === channelId)?.name ?? t('cannedReplies.unknownChannel'));

  async function save(values: CannedReplyValues): Promise<void> {
    const current = editing?.reply ?? null;
    const saved = current ? await source.update(current.id, values) : await source.create(values);
    setEditing(null);
    setNotice(t('cannedReplies.saved', { title: saved.title }));
    reload();
  }

  async function remove(reply: CannedReply): Promise<void> {
    try {
      await source.remove(reply.id);
      setConfirming(null);
      setNotice(t('cannedReplies.deleted', { title: reply.title }));
      reload();
    } catch (error) {
      setFailure(failureOf(error));
    }
  }

  if (editing) {
    return (
      <div className="canned-reply-manager">
        <h3>{editing.reply ? t('cannedReplies.editing', { title: editing.reply.title }) : t('cannedReplies.add')}</h3>
        <CannedReplyForm
          key={editing.reply?.id ?? 'new'}
          reply={editing.reply}
          channels={channels}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      </div>
    );
  }

  return (
    <div className="canned-reply-manager">
      <div className="admin-actions">
        <button
          ref={addButton}
          type="button"
          className="primary"
          onClick={() => {
            setNotice(null);
            setEditing({ reply: null });
          }}
        >
          {t('cannedReplies.add')}
        </button>
      </div>
      <p role="status" className="canned-notice">
        {notice}
      </p>
      <HubList items={replies} failure={failure} empty={emptyText}>
        {(replies) => (
          <table className="admin-table canned-reply-table">
            <thead>
              <tr>
                <th scope="col">{t('cannedReplies.column.title')}</th>
                <th scope="col">{t('cannedReplies.column.shortcut')}</th>
                <th scope="col">{t('cannedReplies.column.channel')}</th>
                <th scope="col">{t('cannedReplies.column.text')}</th>
                <th scope="col">{t('cannedReplies.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...replies]
                .sort((a, b) => a.title.localeCompare(b.title, lang))
                .map((reply) => (
                  <tr key={reply.id}>
                    <td>{reply.title}</td>
                    <td>{reply.shortcut === null ? '–' : `/${reply.shortcut}`}</td>
                    <td>{channelName(reply.channelId)}</td>
                    <td className="canned-excerpt">{excerptOf(reply.text)}</td>
                    <td>
                      {confirming === reply.id ? (
                        <div
                          className="admin-actions"
                          role="group"
                          aria-label={t('cannedReplies.deleteConfirm', { title: reply.title })}
                        >
                          <span>{t('cannedReplies.deleteConfirm', { title: reply.title })}</span>
                          <button type="button" className="danger" onClick={() => void remove(reply)}>
                            {t('cannedReplies.deleteYes')}
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            {t('cannedReplies.deleteNo')}
                          </button>
                        </div>
                      ) : (
                        <div className="admin-actions">
                          <button
                            type="button"
                            aria-label={`${t('cannedReplies.edit')}: ${reply.title}`}
                            onClick={() => {
                              setNotice(null);
                              setEditing({ reply });
                            }}
                          >
                            {t('cannedReplies.edit')}
                          </button>
                          <button
                            type="button"
                            aria-label={`${t('cannedReplies.delete')}: ${reply.title}`}
                            onClick={() => setConfirming(reply.id)}
                          >
                            {t('cannedReplies.delete')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </HubList>
    </div>
  );
}
