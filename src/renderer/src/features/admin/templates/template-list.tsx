/**
 * The channel's templates: name, language, category and a status chip
 * (approved, pending review, rejected with Meta's reason …), with edit and
 * delete. A WhatsApp template under review cannot be changed and says why;
 * one waiting for Meta in a new category, or that Meta announced it will
 * re-categorise, says so under its category; a Twilio template's status is
 * set here by the admin.
 */
import { useState } from 'react';
import { TEMPLATE_STATUSES, type Template, type TemplateStatus } from '../../../../../shared/domain.js';
import { useT } from '../../../common/use-t.js';
import { formatDateTime } from '../../../i18n/translate.js';

const UNDER_REVIEW: ReadonlySet<TemplateStatus> = new Set(['pending', 'in_appeal']);
const WITH_REASON: ReadonlySet<TemplateStatus> = new Set(['rejected', 'paused', 'disabled']);
const LOCAL_STATUSES = ['pending', 'approved', 'rejected'] as const;

export function StatusChip({ status }: { status: TemplateStatus }) {
  const { t } = useT();
  return <span className={`templates-chip status-${status}`}>{t(`templates.status.${status}`)}</span>;
}

/** What Meta is doing to the category: a resubmission under review or refused, a re-categorisation announced. */
function CategoryNotices({ template }: { template: Template }) {
  const { t, lang } = useT();
  const change = template.categoryChange;
  const resubmission = template.resubmission;
  return (
    <>
      {change !== null && change.category !== template.category && (
        <p className="templates-category-change">
          {change.at === null
            ? t('templates.categoryChangeSoon', { category: t(`templates.category.${change.category}`) })
            : t('templates.categoryChange', {
                category: t(`templates.category.${change.category}`),
                date: formatDateTime(lang, change.at),
              })}
        </p>
      )}
      {resubmission !== null && (
        <p className="templates-resubmission">
          {t(
            UNDER_REVIEW.has(resubmission.status) ? 'templates.resubmission.review' : 'templates.resubmission.refused',
            {
              name: resubmission.name,
              category: t(`templates.category.${resubmission.category}`),
              status: t(`templates.status.${resubmission.status}`),
            },
          )}
          {resubmission.rejectionReason !== null && (
            <> {t('templates.reason', { reason: resubmission.rejectionReason })}</>
          )}
        </p>
      )}
    </>
  );
}

interface RowProps {
  readonly template: Template;
  readonly local: boolean;
  readonly onEdit: (template: Template) => void;
  readonly onDelete: (template: Template) => Promise<void>;
  readonly onStatus: (template: Template, status: TemplateStatus) => void;
}

function TemplateRow({ template, local, onEdit, onDelete, onStatus }: RowProps) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const reviewing = !local && UNDER_REVIEW.has(template.status);
  const label = `${template.name} (${template.language})`;
  return (
    <tr>
      <td>
        <span className="templates-name">{template.name}</span>
      </td>
      <td>{template.language}</td>
      <td>
        {t(`templates.category.${template.category}`)}
        {!local && <CategoryNotices template={template} />}
      </td>
      <td>
        {local ? (
          <select
            aria-label={t('templates.setStatus', { name: label })}
            value={template.status}
            onChange={(e) => onStatus(template, TEMPLATE_STATUSES.find((s) => s === e.target.value) ?? template.status)}
          >
            {LOCAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`templates.status.${s}`)}
              </option>
            ))}
          </select>
        ) : (
          <StatusChip status={template.status} />
        )}
        {WITH_REASON.has(template.status) && template.rejectionReason !== null && (
          <p className="templates-reason">{t('templates.reason', { reason: template.rejectionReason })}</p>
        )}
        {reviewing && <p className="hint">{t('templates.inReview')}</p>}
      </td>
      <td>
        {confirming ? (
          <div className="templates-confirm" role="group" aria-label={t('templates.delete', { name: label })}>
            <p>{t('templates.deleteConfirm', { name: template.name, language: template.language })}</p>
            <div className="admin-actions">
              <button
                type="button"
                className="danger"
                onClick={() => void onDelete(template).finally(() => setConfirming(false))}
              >
                {t('templates.delete', { name: label })}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('templates.editor.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="admin-actions">
            <button
              type="button"
              disabled={reviewing}
              aria-label={t('templates.edit', { name: label })}
              onClick={() => onEdit(template)}
            >
              {t('templates.editShort')}
            </button>
            <button
              type="button"
              aria-label={t('templates.delete', { name: label })}
              onClick={() => setConfirming(true)}
            >
              {t('templates.deleteShort')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

export function TemplateList(props: Omit<RowProps, 'template'> & { readonly templates: readonly Template[] }) {
  const { t } = useT();
  const { templates, ...rowProps } = props;
  if (templates.length === 0) return <p className="muted">{t('templates.empty')}</p>;
  return (
    <table className="admin-table templates-table">
      <thead>
        <tr>
          <th scope="col">{t('templates.col.name')}</th>
          <th scope="col">{t('templates.col.language')}</th>
          <th scope="col">{t('templates.col.category')}</th>
          <th scope="col">{t('templates.col.status')}</th>
          <th scope="col">{t('templates.col.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {templates.map((template) => (
          <TemplateRow key={template.id} template={template} {...rowProps} />
        ))}
      </tbody>
    </table>
  );
}
