/**
 * Outside the WhatsApp 24-hour window only approved templates may be sent
 * (FAQ 47): pick one, fill its placeholders, see the message as the customer
 * will, send. Sending spends WhatsApp credit by the template's category
 * (SPEC §7) by the hub's own rule (template-charge.ts): the cost shows beside
 * the balance, a follow-up within 24 h of a charged template says it is free,
 * and a balance below the cost stops the send here with the reason.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CHANNEL_RULES } from '../../../../shared/channel-rules.js';
import type { ChannelKind, Credits, Template } from '../../../../shared/domain.js';
import { templateSlots, type TemplateSlot } from '../../../../shared/template-slots.js';
import { describeError } from '../../../../shared/errors.js';
import { PAID_CONVERSATION_MS, templateCharge } from '../../../../shared/template-charge.js';
import { useComposer, useConversation, useSession } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { TemplatePreview } from '../../common/template-preview.js';
import { useNow } from '../../common/use-now.js';
import { formatDateTime } from '../../i18n/translate.js';
import { initialParams, isTemplateComplete } from './template-fill.js';
import { freeTextSlot, setTemplateSeed, templateForText, useTemplateSeed, type TemplateSeed } from './template-seed.js';

/** A template select's choices: "pick one", then each approved template with its language. */
export function TemplateOptions({ templates }: { templates: readonly Template[] }) {
  const { t } = useT();
  return (
    <>
      <option value="">{t('template.pick')}</option>
      {templates.map((tpl) => (
        <option key={tpl.id} value={tpl.id}>
          {tpl.name} ({tpl.language})
        </option>
      ))}
    </>
  );
}

export function TemplatePicker({ credits }: { credits: Credits | null }) {
  const { t, lang } = useT();
  const detail = useConversation((s) => s.detail);
  const me = useSession((s) => s.session?.agent ?? null);
  const allTemplates = useComposer((s) => s.templates);
  const sending = useComposer((s) => s.sending);
  const sendErrorCode = useComposer((s) => s.sendErrorCode);
  const sendTemplate = useComposer((s) => s.sendTemplate);
  const decideHeldReply = useConversation((s) => s.decideHeldReply);
  const seed = useTemplateSeed(detail?.row.conversation.id ?? null);
  const select = useRef<HTMLSelectElement>(null);
  const templates = useMemo(() => allTemplates.filter((tpl) => tpl.status === 'approved'), [allTemplates]);
  const [templateId, setTemplateId] = useState('');
  const [params, setParams] = useState<string[]>([]);
  const now = useNow(15_000);
  const template = templates.find((tpl) => tpl.id === templateId) ?? null;

  // "Send as template" on a stopped reply: its text goes into the first free-text placeholder
  // (state adjusted while rendering, once per seed, when the templates are there).
  const [seeded, setSeeded] = useState<TemplateSeed | null>(null);
  if (seed && seed !== seeded && detail && templates.length > 0) {
    setSeeded(seed);
    const fitting = templateForText(templates);
    if (fitting) {
      const filled = initialParams(fitting, detail, me);
      filled[freeTextSlot(fitting)] = seed.text.slice(0, 1024);
      setTemplateId(fitting.id);
      setParams(filled);
    }
  }
  useEffect(() => {
    if (!seed) return;
    select.current?.scrollIntoView({ block: 'nearest' });
    select.current?.focus();
  }, [seed]);

  if (!detail) return null;
  if (templates.length === 0) return <p className="muted">{t('template.none')}</p>;

  function choose(id: string) {
    setTemplateId(id);
    const chosen = templates.find((tpl) => tpl.id === id);
    setParams(chosen && detail ? initialParams(chosen, detail, me) : []);
  }

  const complete = template ? isTemplateComplete(template, params) : false;
  const slots = template ? templateSlots(template) : [];
  const header = template?.header ?? null;
  const slotLabel = (slot: TemplateSlot): string => {
    const field = t(`templates.field.${slot.field}`);
    if (slot.part === 'body') return t('template.param', { n: slot.n, field });
    if (slot.part === 'header') return t('templates.slot.header', { field });
    return t('templates.slot.button', { text: slot.text, field });
  };
  const { conversation, channelKind } = detail.row;
  const cost =
    template && credits
      ? templateCharge({ kind: channelKind, conversation, category: template.category, costs: credits.costs, now })
      : null;
  const tooPoor = credits !== null && cost !== null && credits.balance < cost;
  const paidUntil = (conversation.lastChargedAt ?? 0) + PAID_CONVERSATION_MS;

  async function onSend() {
    if (!template || !complete) return;
    if (await sendTemplate(template.id, params)) {
      setTemplateId('');
      setParams([]);
      if (seed) {
        setTemplateSeed(null);
        await decideHeldReply(seed.clientId, 'discard');
      }
    }
  }

  return (
    <div className="template-picker">
      <label>
        {t('template.choose')}
        <select ref={select} value={templateId} onChange={(e) => choose(e.target.value)}>
          <TemplateOptions templates={templates} />
        </select>
      </label>
      {seed && (
        <p className="muted template-seed">
          {t('template.fromReply', { text: seed.text.slice(0, 120) })}{' '}
          <button type="button" className="link-button" onClick={() => setTemplateSeed(null)}>
            {t('common.cancel')}
          </button>
        </p>
      )}
      {template && (
        <>
          {params.map((value, i) => (
            <label key={i} className="template-param">
              {slots[i] ? slotLabel(slots[i]) : t('template.param', { n: i + 1, field: 'custom' })}
              <input
                type="text"
                value={value}
                maxLength={1024}
                onChange={(e) => setParams(params.map((p, j) => (j === i ? e.target.value : p)))}
              />
            </label>
          ))}
          <TemplatePreview content={template} params={params} caption={t('template.preview')} />
          {header !== null && header.format !== 'text' && header.mediaUrl === null && (
            <p className="muted">{t('templates.mediaMissing')}</p>
          )}
          {!complete && <p className="muted">{t('template.missing')}</p>}
          {credits !== null && cost === 0 && (
            <p className="template-cost">{t('composer.templateFree', { time: formatDateTime(lang, paidUntil) })}</p>
          )}
          {credits !== null && cost !== null && cost > 0 && (
            <p className="template-cost">
              {t('composer.templateCost', { cost: cost.toLocaleString(lang) })} ·{' '}
              {t('composer.credits', { balance: credits.balance.toLocaleString(lang) })}
            </p>
          )}
          {tooPoor && (
            <p role="alert" className="form-error">
              {t('composer.creditsShort', {
                cost: (cost ?? 0).toLocaleString(lang),
                balance: credits.balance.toLocaleString(lang),
              })}
            </p>
          )}
          {sendErrorCode && (
            <p role="alert" className="form-error">
              {describeError(sendErrorCode, lang)}
            </p>
          )}
          <button
            type="button"
            className="primary"
            disabled={!complete || sending || tooPoor}
            onClick={() => void onSend()}
          >
            {t('template.send')}
          </button>
        </>
      )}
    </div>
  );
}

/**
 * Templates while the WhatsApp window is open (issue 14 §3): the same picker behind "Send a template",
 * so an agent can send an approved message (an order confirmation, a form) without waiting for the
 * window to close. Inside the window a template costs nothing (template-charge.ts).
 */
export function OpenWindowTemplates({ kind, credits }: { kind: ChannelKind; credits: Credits | null }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  if (!CHANNEL_RULES[kind].supportsTemplates) return null;
  return (
    <details className="open-window-templates" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('outreach.pickerOpen')}</summary>
      {open && (
        <>
          <p className="muted">{t('outreach.pickerHint')}</p>
          <TemplatePicker credits={credits} />
        </>
      )}
    </details>
  );
}
