/**
 * Add an agent: name, email, role and permissions, and how they sign in the first time (a temporary
 * password shown once, or an invitation link to mail). After saving, the dialog shows what to hand over.
 */
import { useId, useState, type FormEvent } from 'react';
import type { CredentialDelivery, IssuedAccess } from '../../../../../shared/agent-access.js';
import { CallFailure } from '../../../common/call-failure.js';
import { Modal } from '../../../common/modal.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';
import { DeliveryFields, IssuedAccessDialog } from './issued-access.js';
import { AgentNameField, PermissionFields, type AccessFields } from './permission-fields.js';

const DELIVERIES: readonly CredentialDelivery[] = ['invitation', 'temporary-password'];
const DEFAULT_ACCESS: AccessFields = {
  role: 'agent',
  permissions: { view: true, create: true, update: true, delete: false },
};

export function CreateAgentDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [access, setAccess] = useState<AccessFields>(DEFAULT_ACCESS);
  const [delivery, setDelivery] = useState<CredentialDelivery>('invitation');
  const { busy, failure, run } = useHubCall();
  const [issued, setIssued] = useState<IssuedAccess | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await run(() =>
      api.adminCreateAgent({ name: name.trim(), email: email.trim(), ...access, delivery }),
    );
    if (result) {
      setIssued(result);
      onCreated(result.access.agent.name);
    }
  }

  if (issued) return <IssuedAccessDialog issued={issued} onClose={onClose} />;
  return (
    <Modal title={t('agents.create.title')} onClose={onClose} className="agent-dialog">
      <form className="admin-form" onSubmit={(e) => void onSubmit(e)} aria-busy={busy}>
        <AgentNameField value={name} onChange={setName} />
        <div className="admin-field">
          <label htmlFor={`${id}-email`}>{t('agents.field.email')}</label>
          <input
            id={`${id}-email`}
            type="email"
            required
            maxLength={254}
            aria-describedby={`${id}-email-hint`}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <span id={`${id}-email-hint`} className="hint">
            {t('agents.field.emailHint')}
          </span>
        </div>
        <PermissionFields value={access} onChange={setAccess} roleLockedReason={null} />
        <DeliveryFields choices={DELIVERIES} value={delivery} onChange={setDelivery} />
        <CallFailure failure={failure}>
          {failure?.code === 'CONFLICT' ? t('agents.create.emailTaken') : undefined}
        </CallFailure>
        <footer className="modal-footer">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('agents.create.submit')}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
