/**
 * The admin console's Channels tab: the list of channels (and the trash), a
 * channel's page, and "Add channel". Everything comes fresh from the hub when
 * the tab opens (the hub refuses every call from an agent regardless).
 * Deleting a channel moves it to the trash and offers Undo for a while; the
 * trash below the list restores it later.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Channel } from '../../../../../shared/domain.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { AddChannel } from './add-channel.js';
import { ChannelList, ChannelTrashList } from './channel-list.js';
import { ChannelPage } from './channel-page.js';

/** How long the Undo of a deletion stays offered. */
export const UNDO_MS = 15_000;

type View = { readonly name: 'list' } | { readonly name: 'add' } | { readonly name: 'channel'; readonly id: string };

function UndoToast({ channel, onUndo, onDismiss }: { channel: Channel; onUndo: () => void; onDismiss: () => void }) {
  const { t } = useT();
  useEffect(() => {
    const timer = setTimeout(onDismiss, UNDO_MS);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="toast channels-undo" role="status">
      <span>{t('channels.trash.moved', { name: channel.name })}</span>
      <button type="button" onClick={onUndo}>
        {t('channels.trash.undo')}
      </button>
      <button type="button" className="icon-button" aria-label={t('toast.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

export function ChannelsTab() {
  const { t } = useT();
  const api = useApi();
  const [view, setView] = useState<View>({ name: 'list' });
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [trash, setTrash] = useState<Channel[]>([]);
  const [agentNames, setAgentNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [undo, setUndo] = useState<Channel | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const load = useCallback(() => Promise.all([api.adminListChannels(), api.adminListChannelTrash()]), [api]);
  const show = useCallback(([live, trashed]: [Channel[], Channel[]]) => {
    setChannels(live);
    setTrash(trashed);
    setFailure(null);
  }, []);
  const reload = useCallback(async () => {
    try {
      show(await load());
    } catch (error) {
      setFailure(failureOf(error));
    }
  }, [load, show]);

  useEffect(() => {
    let live = true;
    load().then(
      (lists) => live && show(lists),
      (error: unknown) => live && setFailure(failureOf(error)),
    );
    // Names of the linked agents; without them the list still shows everything else.
    api.adminListAgents().then(
      (agents) => live && setAgentNames(new Map(agents.map((a) => [a.agent.id, a.agent.name]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, load, show]);

  const dismissUndo = useCallback(() => setUndo(null), []);

  async function restore(channel: Channel) {
    setUndo(null);
    try {
      await api.adminRestoreChannel(channel.id);
    } catch (error) {
      setFailure(failureOf(error));
    }
    await reload();
  }

  const open = view.name === 'channel' ? channels?.find((c) => c.id === view.id) : undefined;

  return (
    <div className="channels-tab">
      {view.name === 'list' && (
        <section aria-labelledby="channels-tab-title">
          <div className="channels-heading">
            <h2 id="channels-tab-title">{t('channels.title')}</h2>
            <button type="button" onClick={() => setView({ name: 'add' })}>
              {t('channels.add.open')}
            </button>
          </div>
          <CallFailure failure={failure} />
          {channels === null ? (
            failure === null && <p className="muted">{t('common.loading')}</p>
          ) : (
            <ChannelList
              channels={channels}
              agentNames={agentNames}
              onOpen={(c) => setView({ name: 'channel', id: c.id })}
            />
          )}
          <ChannelTrashList channels={trash} onRestore={(c) => void restore(c)} />
        </section>
      )}
      {view.name === 'add' && (
        <AddChannel
          onCancel={() => setView({ name: 'list' })}
          onDone={(channel) => {
            void reload().then(() => setView({ name: 'channel', id: channel.id }));
          }}
        />
      )}
      {view.name === 'channel' && open && (
        <ChannelPage
          key={open.id}
          channel={open}
          onBack={() => setView({ name: 'list' })}
          onChanged={(changed) => setChannels((list) => (list ?? []).map((c) => (c.id === changed.id ? changed : c)))}
          onTrashed={(trashed) => {
            setUndo(trashed);
            setView({ name: 'list' });
            void reload();
          }}
        />
      )}
      {undo && <UndoToast channel={undo} onUndo={() => void restore(undo)} onDismiss={dismissUndo} />}
    </div>
  );
}
