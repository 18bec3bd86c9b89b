/**
 * An agent's next sign-in, as adding an agent and resetting a password both ask and answer it: how
 * (a temporary password or an invitation link), then what the hub issued, shown once — the temporary
 * password, or the invitation link to mail (built from the hub address this app uses when the hub has
 * no public URL).
 */
import { useId } from 'react';
import type { CredentialDelivery, IssuedAccess } from '../../../../../shared/agent-access.js';
import { invitationLink } from '../../../../../shared/invitation-link.js';
import { CopyField } from '../../../common/copy-to-clipboard.js';
import { Modal } from '../../../common/modal.js';
import { useT } from '../../../common/use-t.js';
import { formatDateTime } from '../../../i18n/translate.js';
import { useSession } from '../../../stores/store-context.js';

/** The choice of delivery, each with what it means; `choices` in the order offered (the first is the default). */
export function DeliveryFields({
  choices,
  value,
  onChange,
}: {
  choices: readonly CredentialDelivery[];
  value: CredentialDelivery;
  onChange: (delivery: CredentialDelivery) => void;
}) {
  const { t } = useT();
  const id = useId();
  return (
    <fieldset className="admin-field">
      <legend>{t('agents.field.delivery')}</legend>
      {choices.map((choice) => (
        <label key={choice} className="delivery-choice">
          <input
            type="radio"
            name={`${id}-delivery`}
            value={choice}
            checked={value === choice}
            onChange={() => onChange(choice)}
          />
          <span>
            {t(`agents.delivery.${choice}`)}
            <span className="hint"> — {t(`agents.delivery.${choice}.hint`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The dialog that replaces the form once the hub has issued the access: what to hand over, and Done. */
export function IssuedAccessDialog({ issued, onClose }: { issued: IssuedAccess; onClose: () => void }) {
  const { t } = useT();
  return (
    <Modal
      title={t('agents.issued.title', { name: issued.access.agent.name })}
      onClose={onClose}
      className="agent-dialog"
    >
      <IssuedAccessView issued={issued} />
      <footer className="modal-footer">
        <button type="button" className="primary" onClick={onClose}>
          {t('agents.issued.done')}
        </button>
      </footer>
    </Modal>
  );
}

function IssuedAccessView({ issued }: { issued: IssuedAccess }) {
  const { t, lang } = useT();
  const hubUrl = useSession((s) => s.session?.hubUrl ?? '');
  const { agent } = issued.access;
  return (
    <div className="issued-access">
      {issued.temporaryPassword !== null && (
        <CopyField
          label={t('agents.issued.password')}
          value={issued.temporaryPassword}
          hint={t('agents.issued.passwordHint', { name: agent.name, hub: hubUrl })}
        />
      )}
      {issued.invitation !== null && (
        <CopyField
          label={t('agents.issued.link')}
          value={issued.invitation.link ?? invitationLink(hubUrl, issued.invitation.token)}
          hint={t('agents.issued.linkHint', {
            email: agent.email,
            date: formatDateTime(lang, issued.invitation.expiresAt),
          })}
        />
      )}
    </div>
  );
}
