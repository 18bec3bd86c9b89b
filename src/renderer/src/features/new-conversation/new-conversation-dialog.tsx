/**
 * Writing first (issue 14 §3, docs/lifecycle.md "Writing first"): the inbox toolbar's "New conversation"
 * and the contact panel's "Write to this customer" open one dialog — a channel, then a phone number
 * (WhatsApp) or a contact of the channel, then the first message: an approved template with its
 * placeholders and credit cost on WhatsApp, text elsewhere. It says beforehand what each provider
 * allows; the hub decides (POST /api/conversations) and its refusal is shown in words. Once sent, the
 * conversation opens. Needs the hub.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { ContactHit } from '../../../../shared/api.js';
import type { Channel, Conversation, Template } from '../../../../shared/domain.js';
import { normalizePhoneNumber } from '../../../../shared/phone-number.js';
import { outreachNeedsTemplate, outreachRules, type StartConversationRequest } from '../../../../shared/outreach.js';
import { CallFailure } from '../../common/call-failure.js';
import { Modal } from '../../common/modal.js';
import { useApi } from '../../common/use-api.js';
import { useHubCall } from '../../common/use-hub-call.js';
import { useNow } from '../../common/use-now.js';
import { usePermission } from '../../common/use-permission.js';
import { useT } from '../../common/use-t.js';
import { useConnection, useInbox, useSession } from '../../stores/store-context.js';
import { isOutreachTemplateComplete, outreachParams } from '../composer/template-fill.js';
import { ContactSearch, PhoneField } from './outreach-recipient.js';
import { isTooPoor, OutreachTemplate, type TemplateChoice } from './outreach-template.js';
import './new-conversation.css';

/** A contact the dialog opens with (the contact panel's entry), with its conversation when known. */
export interface OutreachStart {
  readonly hit: ContactHit;
  readonly latest: Conversation | null;
}

const NO_CHOICE: TemplateChoice = { templateId: '', params: [] };
const NO_TEMPLATES: Template[] = [];

export function NewConversationDialog({ start, onClose }: { start: OutreachStart | null; onClose: () => void }) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const now = useNow(15_000);
  const allChannels = useInbox((s) => s.channels);
  const selectConversation = useInbox((s) => s.selectConversation);
  const me = useSession((s) => s.session?.agent ?? null);
  const online = useConnection((s) => s.connection.status === 'online');
  const channels = useMemo(() => allChannels.filter((c) => c.trashedAt === null), [allChannels]);
  const [channelId, setChannelId] = useState(start?.hit.channelId ?? '');
  const channel = channels.find((c) => c.id === channelId) ?? null;
  const rules = channel ? outreachRules(channel.kind) : null;
  const [byPhone, setByPhone] = useState(start === null);
  const [phone, setPhone] = useState('');
  const [hit, setHit] = useState<ContactHit | null>(start?.hit ?? null);
  const [loaded, setLoaded] = useState<{ channelId: string; templates: Template[] } | null>(null);
  const [choice, setChoice] = useState<TemplateChoice>(NO_CHOICE);
  const [text, setText] = useState('');
  const { busy, failure, run, clearFailure } = useHubCall();
  // The clientId of this attempt: a retry after a lost answer is the same send (the hub answers it once).
  const [clientId, setClientId] = useState(() => globalThis.crypto.randomUUID());

  useEffect(() => {
    if (!channel || !outreachRules(channel.kind).byPhone) return;
    let current = true;
    const keep = (list: Template[]) => {
      if (current) setLoaded({ channelId: channel.id, templates: list.filter((tpl) => tpl.status === 'approved') });
    };
    api.listTemplates(channel.id).then(keep, () => keep([]));
    return () => {
      current = false;
    };
  }, [api, channel]);
  const templates = loaded !== null && loaded.channelId === channelId ? loaded.templates : NO_TEMPLATES;

  const usePhone = rules?.byPhone === true && byPhone;
  const known = !usePhone && hit && start?.hit.contact.id === hit.contact.id ? start.latest : null;
  // A resolved one gives way to a new conversation: the window carries over, a paid conversation does not.
  const latest = known && known.status === 'resolved' ? { ...known, lastChargedAt: null } : known;
  const needsTemplate = channel
    ? rules?.byPhone === true && (usePhone || outreachNeedsTemplate(channel.kind, latest, now))
    : false;
  const template = templates.find((tpl) => tpl.id === choice.templateId) ?? null;
  const recipientReady = usePhone
    ? normalizePhoneNumber(phone, channel?.settings.country ?? undefined).ok
    : hit !== null;
  const messageReady = needsTemplate
    ? template !== null && isOutreachTemplateComplete(template, choice.params)
    : text.trim() !== '';
  const canSend =
    online && channel !== null && recipientReady && messageReady && !busy && !isTooPoor(channel, template, latest, now);

  function changeChannel(next: string) {
    setChannelId(next);
    setHit(null);
    setChoice(NO_CHOICE);
    clearFailure();
  }

  function chooseTemplate(templateId: string) {
    const chosen = templates.find((tpl) => tpl.id === templateId);
    const contact = usePhone ? null : hit?.contact;
    setChoice({
      templateId,
      params: chosen
        ? outreachParams(chosen, {
            contactName: contact?.name ?? '',
            contactPhone: contact?.identity.phone ?? '',
            agentName: me?.name ?? '',
            channelName: channel?.name ?? '',
          })
        : [],
    });
  }

  async function send() {
    if (!channel || !canSend) return;
    const request: StartConversationRequest = {
      clientId,
      channelId: channel.id,
      to: usePhone ? { phone } : { contactId: hit?.contact.id ?? '' },
      ...(needsTemplate
        ? { kind: 'template', template: { templateId: choice.templateId, params: [...choice.params] } }
        : { kind: 'text', text }),
    };
    const result = await run(() => api.startConversation(request));
    if (!result) {
      // Refused: the next try is a new send (nothing was stored).
      setClientId(globalThis.crypto.randomUUID());
      return;
    }
    onClose();
    selectConversation(result.conversation.id);
  }

  return (
    <Modal title={t('outreach.title')} onClose={onClose} className="new-conversation-dialog">
      <form
        className="outreach-form"
        aria-busy={busy}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {!online && <p className="form-error">{t('outreach.needsHub')}</p>}
        <div className="outreach-field">
          <label htmlFor={`${id}-channel`}>{t('outreach.channel')}</label>
          <select id={`${id}-channel`} value={channelId} onChange={(e) => changeChannel(e.target.value)}>
            <option value="">{t('outreach.pickChannel')}</option>
            {channels.map((c: Channel) => (
              <option key={c.id} value={c.id}>
                {c.name} ({t(`channel.${c.kind}`)})
              </option>
            ))}
          </select>
        </div>
        {channel && rules && (
          <>
            {rules.byPhone ? (
              <fieldset className="outreach-to">
                <legend>{t('outreach.to')}</legend>
                <label>
                  <input type="radio" name={`${id}-to`} checked={byPhone} onChange={() => setByPhone(true)} />{' '}
                  {t('outreach.byPhone')}
                </label>
                <label>
                  <input type="radio" name={`${id}-to`} checked={!byPhone} onChange={() => setByPhone(false)} />{' '}
                  {t('outreach.byContact')}
                </label>
              </fieldset>
            ) : (
              <p className="hint">
                {t('outreach.onlyEarlier', { kind: t(`channel.${channel.kind}`) })}{' '}
                {channel.kind === 'wechat' && t('outreach.wechatWindow')}
                {channel.kind === 'line' && t('outreach.lineFollow')}
              </p>
            )}
            {usePhone ? (
              <PhoneField channel={channel} value={phone} onChange={setPhone} />
            ) : (
              <ContactSearch channel={channel} chosen={hit} onChoose={setHit} />
            )}
            {needsTemplate ? (
              <OutreachTemplate
                channel={channel}
                templates={templates}
                choice={choice}
                latest={latest}
                onChoose={chooseTemplate}
                onParams={(params) => setChoice({ ...choice, params })}
              />
            ) : (
              <div className="outreach-field">
                <label htmlFor={`${id}-text`}>{t('outreach.message')}</label>
                <textarea
                  id={`${id}-text`}
                  rows={3}
                  maxLength={4096}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              </div>
            )}
          </>
        )}
        <CallFailure failure={failure} />
        <footer className="modal-footer">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!canSend}>
            {busy ? t('outreach.sending') : t('outreach.send')}
          </button>
        </footer>
      </form>
    </Modal>
  );
}

/** The inbox toolbar's "New conversation": for agents who may send. */
export function NewConversationButton() {
  const { t } = useT();
  const mayReply = usePermission('reply');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="new-conversation-button"
        disabled={!mayReply.allowed}
        title={mayReply.reason ?? undefined}
        onClick={() => setOpen(true)}
      >
        ✎ {t('outreach.open')}
      </button>
      {open && <NewConversationDialog start={null} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The contact panel's "Write to this customer": the dialog with this contact of this channel. */
export function WriteToCustomerButton({ start }: { start: OutreachStart }) {
  const { t } = useT();
  const mayReply = usePermission('reply');
  const [open, setOpen] = useState(false);
  if (!mayReply.allowed) return null;
  return (
    <>
      <button type="button" className="link-button write-to-customer" onClick={() => setOpen(true)}>
        {t('outreach.writeToContact')}
      </button>
      {open && <NewConversationDialog start={start} onClose={() => setOpen(false)} />}
    </>
  );
}
