/**
 * Writes a template and submits it: name, language and category; for
 * WhatsApp a header, the body with each placeholder mapped to a merge field
 * (and the example Meta reviews it with), a footer and buttons; a live
 * preview as the customer will see it. On WhatsApp, submitting sends it to
 * Meta, and changing an approved one's category or wording submits it again;
 * Twilio templates are a body only, kept here.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { CHANNEL_RULES, TEMPLATE_BODY_MAX } from '../../../../../shared/channel-rules.js';
import { TemplateCategory, type Channel, type Template } from '../../../../../shared/domain.js';
import { useApi } from '../../../common/use-api.js';
import { TemplatePreview } from '../../../common/template-preview.js';
import { useT } from '../../../common/use-t.js';
import { SAMPLE_VALUES, templateSlots, type TemplateContent } from '../../../../../shared/template-slots.js';
import { EMPTY_DRAFT, contentOf, draftOf, problemOf, withBody, type Draft } from './template-draft.js';
import { TemplateError, templateFailureOf, type TemplateFailure } from './template-error.js';
import { ButtonsFields, HeaderFields, MergeFieldSelect } from './template-parts-fields.js';

export interface EditorProps {
  readonly channel: Channel;
  /** The template to change; null writes a new one. */
  readonly template: Template | null;
  readonly onSaved: (template: Template, note: string) => void;
  readonly onCancel: () => void;
}

function BodyFields({ prefix, draft, change }: { prefix: string; draft: Draft; change: (d: Draft) => void }) {
  const { t, lang } = useT();
  return (
    <>
      <div className="admin-field">
        <label htmlFor={`${prefix}-body`}>{t('templates.editor.body')}</label>
        <textarea
          id={`${prefix}-body`}
          rows={5}
          value={draft.body}
          maxLength={TEMPLATE_BODY_MAX}
          aria-describedby={`${prefix}-body-hint ${prefix}-body-count`}
          onChange={(e) => change(withBody(draft, e.target.value))}
        />
        <span className="hint" id={`${prefix}-body-hint`}>
          {t('templates.editor.bodyHint')}
        </span>
        <span className="hint" id={`${prefix}-body-count`}>
          {t('templates.editor.count', { count: draft.body.length.toLocaleString(lang) })}
        </span>
      </div>
      {draft.placeholders.length > 0 && (
        <fieldset className="templates-part">
          <legend>{t('templates.editor.placeholders')}</legend>
          {draft.placeholders.map((field, i) => (
            <div className="templates-slot" key={i}>
              <div className="admin-field">
                <label htmlFor={`${prefix}-field-${i}`}>{t('templates.editor.placeholder', { n: i + 1 })}</label>
                <MergeFieldSelect
                  id={`${prefix}-field-${i}`}
                  value={field}
                  onChange={(next) =>
                    change({ ...draft, placeholders: draft.placeholders.map((f, j) => (j === i ? next : f)) })
                  }
                />
              </div>
              <div className="admin-field">
                <label htmlFor={`${prefix}-example-${i}`}>{t('templates.editor.example', { n: i + 1 })}</label>
                <input
                  id={`${prefix}-example-${i}`}
                  value={draft.examples[i] ?? ''}
                  maxLength={1024}
                  onChange={(e) =>
                    change({ ...draft, examples: draft.examples.map((x, j) => (j === i ? e.target.value : x)) })
                  }
                />
              </div>
            </div>
          ))}
        </fieldset>
      )}
    </>
  );
}

type FieldsProps = { readonly prefix: string; readonly draft: Draft; readonly change: (next: Partial<Draft>) => void };

/** A new template's name and language: Meta's key for it, fixed once submitted. */
function IdentityFields({ prefix, draft, change }: FieldsProps) {
  const { t } = useT();
  return (
    <>
      <div className="admin-field">
        <label htmlFor={`${prefix}-name`}>{t('templates.editor.name')}</label>
        <input
          id={`${prefix}-name`}
          value={draft.name}
          maxLength={512}
          autoComplete="off"
          onChange={(e) => change({ name: e.target.value })}
        />
        <span className="hint">{t('templates.editor.nameHint')}</span>
      </div>
      <div className="admin-field">
        <label htmlFor={`${prefix}-language`}>{t('templates.editor.language')}</label>
        <input
          id={`${prefix}-language`}
          value={draft.language}
          maxLength={15}
          onChange={(e) => change({ language: e.target.value })}
        />
        <span className="hint">{t('templates.editor.languageHint')}</span>
      </div>
    </>
  );
}

function CategoryField({ prefix, draft, change }: FieldsProps) {
  const { t } = useT();
  return (
    <div className="admin-field">
      <label htmlFor={`${prefix}-category`}>{t('templates.editor.category')}</label>
      <select
        id={`${prefix}-category`}
        value={draft.category}
        onChange={(e) => change({ category: TemplateCategory.catch('utility').parse(e.target.value) })}
      >
        {TemplateCategory.options.map((c) => (
          <option key={c} value={c}>
            {t(`templates.category.${c}`)}
          </option>
        ))}
      </select>
      <span className="hint">{t('templates.editor.categoryHint')}</span>
    </div>
  );
}

function FooterField({ prefix, draft, change }: FieldsProps) {
  const { t } = useT();
  return (
    <div className="admin-field">
      <label htmlFor={`${prefix}-footer`}>{t('templates.editor.footer')}</label>
      <input
        id={`${prefix}-footer`}
        value={draft.footer}
        maxLength={60}
        onChange={(e) => change({ footer: e.target.value })}
      />
      <span className="hint">{t('templates.editor.footerHint')}</span>
    </div>
  );
}

/** What the preview fills the placeholders with: the examples Meta will review. */
function previewValues(draft: Draft, content: TemplateContent): string[] {
  return templateSlots(content).map((slot) => {
    if (slot.part === 'body') return content.examples[slot.n - 1] ?? '';
    if (slot.part === 'header') return draft.headerExample.trim() || SAMPLE_VALUES[slot.field];
    const button = draft.buttons[slot.index];
    return (button?.type === 'url' && button.example.trim()) || SAMPLE_VALUES[slot.field];
  });
}

export function TemplateEditor({ channel, template, onSaved, onCancel }: EditorProps) {
  const { t } = useT();
  const api = useApi();
  const prefix = useId().replace(/:/g, '');
  const [draft, setDraft] = useState<Draft>(() => (template ? draftOf(template) : EMPTY_DRAFT));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<TemplateFailure | null>(null);
  const local = channel.kind !== 'whatsapp';
  const isNew = template === null;
  const change = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }));
  const content = useMemo(() => contentOf(draft, local), [draft, local]);
  const problem = problemOf(draft, local, isNew);
  const previewParams = useMemo(() => previewValues(draft, content), [draft, content]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (problem !== null || saving) return;
    setSaving(true);
    setFailure(null);
    try {
      const saved =
        template === null
          ? await api.adminCreateTemplate({
              channelId: channel.id,
              name: draft.name,
              language: draft.language.trim(),
              category: draft.category,
              ...content,
            })
          : await api.adminUpdateTemplate(template.id, { category: draft.category, ...content });
      const submitted = !local && saved.status === 'pending';
      onSaved(saved, t(submitted ? 'templates.editor.submitted' : 'templates.editor.saved', { name: saved.name }));
    } catch (error) {
      setFailure(templateFailureOf(error));
    } finally {
      setSaving(false);
    }
  }

  const title =
    template === null
      ? t('templates.editor.titleNew')
      : t('templates.editor.titleEdit', { name: template.name, language: template.language });
  const submitLabel = local
    ? t('templates.editor.save')
    : isNew
      ? t('templates.editor.submit')
      : t('templates.editor.resubmit');
  return (
    <section className="templates-editor" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{title}</h3>
      <div className="templates-editor-columns">
        <form className="admin-form" onSubmit={(e) => void onSubmit(e)} noValidate>
          {isNew && <IdentityFields prefix={prefix} draft={draft} change={change} />}
          <CategoryField prefix={prefix} draft={draft} change={change} />
          {!local && <HeaderFields prefix={prefix} channelId={channel.id} draft={draft} change={change} />}
          <BodyFields prefix={prefix} draft={draft} change={setDraft} />
          {!local && <FooterField prefix={prefix} draft={draft} change={change} />}
          {!local && <ButtonsFields prefix={prefix} draft={draft} change={change} />}
          {problem !== null && draft.body !== '' && (
            <p className="hint templates-problem" role="status">
              {t(`templates.problem.${problem}`)}
            </p>
          )}
          <TemplateError failure={failure} />
          <div className="admin-actions">
            <button type="submit" className="primary" disabled={problem !== null || saving}>
              {saving ? t('templates.editor.saving') : submitLabel}
            </button>
            <button type="button" onClick={onCancel}>
              {t('templates.editor.cancel')}
            </button>
          </div>
        </form>
        {CHANNEL_RULES[channel.kind].supportsTemplates && (
          <TemplatePreview content={content} params={previewParams} caption={t('templates.editor.preview')} />
        )}
      </div>
    </section>
  );
}
