/**
 * The first message on WhatsApp: an approved template of the channel, its placeholders prefilled where
 * the dialog knows the merge field (the rest the agent types; merge fields left empty the hub fills),
 * the message as the customer will see it, and what opening the conversation costs in credits by the
 * template's category (business-initiated; outreach.ts, the hub's own rule).
 */
import { useId } from 'react';
import type { Channel, Conversation, Template } from '../../../../shared/domain.js';
import { outreachCost } from '../../../../shared/outreach.js';
import { templateSlots, type TemplateSlot } from '../../../../shared/template-slots.js';
import { TemplatePreview } from '../../common/template-preview.js';
import { TemplateOptions } from '../composer/template-picker.js';
import { useNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';

export interface TemplateChoice {
  readonly templateId: string;
  readonly params: readonly string[];
}

export function OutreachTemplate({
  channel,
  templates,
  choice,
  latest,
  onChoose,
  onParams,
}: {
  channel: Channel;
  /** The channel's approved templates. */
  templates: readonly Template[];
  choice: TemplateChoice;
  /** The conversation the message goes to, when the dialog knows it (its window and paid conversation). */
  latest: Pick<Conversation, 'lastInboundAt' | 'lastChargedAt'> | null;
  onChoose: (templateId: string) => void;
  onParams: (params: string[]) => void;
}) {
  const { t, lang } = useT();
  const id = useId();
  const now = useNow(15_000);
  const template = templates.find((tpl) => tpl.id === choice.templateId) ?? null;
  const slots = template ? templateSlots(template) : [];
  const slotLabel = (slot: TemplateSlot): string => {
    const field = t(`templates.field.${slot.field}`);
    if (slot.part === 'body') return t('template.param', { n: slot.n, field });
    if (slot.part === 'header') return t('templates.slot.header', { field });
    return t('templates.slot.button', { text: slot.text, field });
  };
  const credits = channel.credits;
  const cost = template && credits ? outreachCost(channel, template, latest, now) : null;
  const tooPoor = credits !== null && cost !== null && credits.balance < cost;

  if (templates.length === 0) return <p className="muted">{t('template.none')}</p>;
  return (
    <div className="template-picker outreach-template">
      <p className="hint">{t('outreach.templateOnly')}</p>
      <label htmlFor={`${id}-template`}>{t('template.choose')}</label>
      <select id={`${id}-template`} value={choice.templateId} onChange={(e) => onChoose(e.target.value)}>
        <TemplateOptions templates={templates} />
      </select>
      {template && (
        <>
          {slots.map((slot, i) => (
            <label key={i} className="template-param">
              {slotLabel(slot)}
              <input
                type="text"
                value={choice.params[i] ?? ''}
                maxLength={1024}
                onChange={(e) => onParams(slots.map((_s, j) => (j === i ? e.target.value : (choice.params[j] ?? ''))))}
              />
              {slot.field !== 'custom' && (choice.params[i] ?? '').trim() === '' && (
                <span className="hint">
                  {t('outreach.filledOnSend', { field: t(`templates.field.${slot.field}`) })}
                </span>
              )}
            </label>
          ))}
          <TemplatePreview content={template} params={choice.params} caption={t('template.preview')} />
          {credits !== null && cost !== null && cost > 0 && (
            <p className="template-cost" data-testid="outreach-cost">
              {t('outreach.cost', {
                cost: cost.toLocaleString(lang),
                category: t(`outreach.category.${template.category}`),
              })}{' '}
              · {t('composer.credits', { balance: credits.balance.toLocaleString(lang) })}
            </p>
          )}
          {credits !== null && cost === 0 && <p className="template-cost">{t('outreach.free')}</p>}
          {tooPoor && (
            <p role="alert" className="form-error">
              {t('composer.creditsShort', {
                cost: (cost ?? 0).toLocaleString(lang),
                balance: credits.balance.toLocaleString(lang),
              })}
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** True when the credits cannot pay for the template now (the Send button stays off, the words say why). */
export function isTooPoor(
  channel: Channel,
  template: Template | null,
  latest: Pick<Conversation, 'lastInboundAt' | 'lastChargedAt'> | null,
  now: number,
): boolean {
  if (!template || !channel.credits) return false;
  return channel.credits.balance < outreachCost(channel, template, latest, now);
}
