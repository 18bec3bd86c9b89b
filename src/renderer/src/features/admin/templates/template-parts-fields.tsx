/**
 * The parts of a WhatsApp template around its body: the header (none, text
 * with at most one {{1}}, or an image / video / document with the link sent
 * each time and a sample for Meta's review) and the buttons (quick replies,
 * URL buttons whose address may end in {{1}}, one phone number). Each field
 * is labelled and explains Meta's rule beside it.
 */
import { useState, type ChangeEvent } from 'react';
import { MERGE_FIELDS, type MergeField } from '../../../../../shared/domain.js';
import { HEADER_SAMPLE_MAX_BYTES, HEADER_SAMPLE_TYPES } from '../../../../../shared/templates.js';
import { headerHasPlaceholder, urlHasPlaceholder } from '../../../../../shared/template-slots.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { HEADER_KINDS, canAdd, newButton, type Draft, type DraftButton, type HeaderKind } from './template-draft.js';
import { TemplateError, templateFailureOf, type TemplateFailure } from './template-error.js';

type Change = (next: Partial<Draft>) => void;

export function MergeFieldSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: MergeField;
  onChange: (field: MergeField) => void;
}) {
  const { t } = useT();
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(MERGE_FIELDS.find((f) => f === e.target.value) ?? 'custom')}
    >
      {MERGE_FIELDS.map((f) => (
        <option key={f} value={f}>
          {t(`templates.field.${f}`)}
        </option>
      ))}
    </select>
  );
}

function isSampleType(type: string): type is (typeof HEADER_SAMPLE_TYPES)[number] {
  return HEADER_SAMPLE_TYPES.some((allowed) => allowed === type);
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

function SampleField({
  id,
  channelId,
  draft,
  change,
}: {
  id: string;
  channelId: string;
  draft: Draft;
  change: Change;
}) {
  const { t } = useT();
  const api = useApi();
  const [state, setState] = useState<'idle' | 'uploading' | 'uploaded' | 'too-large' | 'type'>('idle');
  const [failure, setFailure] = useState<TemplateFailure | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFailure(null);
    if (!file) return;
    if (!isSampleType(file.type)) return setState('type');
    if (file.size > HEADER_SAMPLE_MAX_BYTES) return setState('too-large');
    setState('uploading');
    try {
      const data = await readBase64(file);
      const { handle } = await api.adminUploadTemplateSample({
        channelId,
        fileName: file.name,
        mimeType: file.type,
        data,
      });
      change({ sample: handle });
      setState('uploaded');
    } catch (error) {
      setFailure(templateFailureOf(error));
      setState('idle');
    }
  }

  const status =
    state === 'uploading'
      ? t('templates.editor.sampleUploading')
      : state === 'uploaded'
        ? t('templates.editor.sampleUploaded')
        : state === 'too-large'
          ? t('templates.editor.sampleTooLarge')
          : state === 'type'
            ? t('templates.editor.sampleType')
            : draft.sample !== null
              ? t('templates.editor.sampleKept')
              : '';
  return (
    <div className="admin-field">
      <label htmlFor={id}>{t('templates.editor.sample')}</label>
      <input id={id} type="file" accept={HEADER_SAMPLE_TYPES.join(',')} onChange={(e) => void onFile(e)} />
      <span className="hint">{t('templates.editor.sampleHint')}</span>
      <span className="hint" role="status">
        {status}
      </span>
      <TemplateError failure={failure} />
    </div>
  );
}

export function HeaderFields({
  prefix,
  channelId,
  draft,
  change,
}: {
  prefix: string;
  channelId: string;
  draft: Draft;
  change: Change;
}) {
  const { t } = useT();
  return (
    <fieldset className="templates-part">
      <legend>{t('templates.editor.header')}</legend>
      <div className="admin-field">
        <label htmlFor={`${prefix}-header-kind`}>{t('templates.editor.header')}</label>
        <select
          id={`${prefix}-header-kind`}
          value={draft.headerKind}
          onChange={(e) =>
            change({ headerKind: HEADER_KINDS.find((k): k is HeaderKind => k === e.target.value) ?? 'none' })
          }
        >
          {HEADER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`templates.editor.header.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      {draft.headerKind === 'text' && (
        <>
          <div className="admin-field">
            <label htmlFor={`${prefix}-header-text`}>{t('templates.editor.headerText')}</label>
            <input
              id={`${prefix}-header-text`}
              value={draft.headerText}
              maxLength={60}
              onChange={(e) => change({ headerText: e.target.value })}
            />
            <span className="hint">{t('templates.editor.headerTextHint')}</span>
          </div>
          {headerHasPlaceholder(draft.headerText) && (
            <div className="templates-slot">
              <div className="admin-field">
                <label htmlFor={`${prefix}-header-field`}>{t('templates.editor.headerPlaceholder')}</label>
                <MergeFieldSelect
                  id={`${prefix}-header-field`}
                  value={draft.headerPlaceholder}
                  onChange={(headerPlaceholder) => change({ headerPlaceholder })}
                />
              </div>
              <div className="admin-field">
                <label htmlFor={`${prefix}-header-example`}>{t('templates.editor.headerExample')}</label>
                <input
                  id={`${prefix}-header-example`}
                  value={draft.headerExample}
                  maxLength={1024}
                  onChange={(e) => change({ headerExample: e.target.value })}
                />
              </div>
            </div>
          )}
        </>
      )}
      {draft.headerKind !== 'none' && draft.headerKind !== 'text' && (
        <>
          <div className="admin-field">
            <label htmlFor={`${prefix}-media-url`}>{t('templates.editor.mediaUrl')}</label>
            <input
              id={`${prefix}-media-url`}
              type="url"
              value={draft.mediaUrl}
              maxLength={2000}
              onChange={(e) => change({ mediaUrl: e.target.value })}
            />
            <span className="hint">{t('templates.editor.mediaUrlHint')}</span>
          </div>
          <SampleField id={`${prefix}-sample`} channelId={channelId} draft={draft} change={change} />
        </>
      )}
    </fieldset>
  );
}

function ButtonFields({
  prefix,
  index,
  button,
  update,
  remove,
}: {
  prefix: string;
  index: number;
  button: DraftButton;
  update: (next: DraftButton) => void;
  remove: () => void;
}) {
  const { t } = useT();
  const n = index + 1;
  const id = `${prefix}-button-${index}`;
  return (
    <li className="templates-button">
      <span className="templates-button-kind">{t(`templates.editor.button.${button.type}`, { n })}</span>
      <div className="admin-field">
        <label htmlFor={`${id}-text`}>{t('templates.editor.buttonText', { n })}</label>
        <input
          id={`${id}-text`}
          value={button.text}
          maxLength={25}
          onChange={(e) => update({ ...button, text: e.target.value })}
        />
      </div>
      {button.type === 'url' && (
        <>
          <div className="admin-field">
            <label htmlFor={`${id}-url`}>{t('templates.editor.buttonUrl', { n })}</label>
            <input
              id={`${id}-url`}
              value={button.url}
              maxLength={2000}
              onChange={(e) => update({ ...button, url: e.target.value })}
            />
          </div>
          {urlHasPlaceholder(button.url) && (
            <div className="templates-slot">
              <div className="admin-field">
                <label htmlFor={`${id}-field`}>{t('templates.editor.buttonUrlPlaceholder', { n })}</label>
                <MergeFieldSelect
                  id={`${id}-field`}
                  value={button.placeholder}
                  onChange={(placeholder) => update({ ...button, placeholder })}
                />
              </div>
              <div className="admin-field">
                <label htmlFor={`${id}-example`}>{t('templates.editor.buttonUrlExample', { n })}</label>
                <input
                  id={`${id}-example`}
                  value={button.example}
                  maxLength={1024}
                  onChange={(e) => update({ ...button, example: e.target.value })}
                />
              </div>
            </div>
          )}
        </>
      )}
      {button.type === 'phone_number' && (
        <div className="admin-field">
          <label htmlFor={`${id}-phone`}>{t('templates.editor.buttonPhone', { n })}</label>
          <input
            id={`${id}-phone`}
            type="tel"
            value={button.phoneNumber}
            maxLength={20}
            onChange={(e) => update({ ...button, phoneNumber: e.target.value })}
          />
        </div>
      )}
      <button type="button" onClick={remove}>
        {t('templates.editor.removeButton', { n })}
      </button>
    </li>
  );
}

export function ButtonsFields({ prefix, draft, change }: { prefix: string; draft: Draft; change: Change }) {
  const { t } = useT();
  const { buttons } = draft;
  const add = (type: DraftButton['type']) => change({ buttons: [...buttons, newButton(type)] });
  return (
    <fieldset className="templates-part">
      <legend>{t('templates.editor.buttons')}</legend>
      <p className="hint">{t('templates.editor.buttonsHint')}</p>
      {buttons.length > 0 && (
        <ol className="templates-buttons">
          {buttons.map((button, i) => (
            <ButtonFields
              key={i}
              prefix={prefix}
              index={i}
              button={button}
              update={(next) => change({ buttons: buttons.map((b, j) => (j === i ? next : b)) })}
              remove={() => change({ buttons: buttons.filter((_b, j) => j !== i) })}
            />
          ))}
        </ol>
      )}
      <div className="admin-actions">
        <button type="button" disabled={!canAdd(buttons, 'quick_reply')} onClick={() => add('quick_reply')}>
          {t('templates.editor.addQuickReply')}
        </button>
        <button type="button" disabled={!canAdd(buttons, 'url')} onClick={() => add('url')}>
          {t('templates.editor.addUrl')}
        </button>
        <button type="button" disabled={!canAdd(buttons, 'phone_number')} onClick={() => add('phone_number')}>
          {t('templates.editor.addPhone')}
        </button>
      </div>
    </fieldset>
  );
}
