/**
 * The dialogs of one agent's row: edit (name, role, permissions, capacity), deactivate (says how many open
 * conversations will be re-routed), reset password (a new temporary password or invitation, shown once).
 */
import { useState, type FormEvent } from 'react';
import type { AgentAccess, CredentialDelivery, IssuedAccess } from '../../../../../shared/agent-access.js';
import { CallFailure } from '../../../common/call-failure.js';
import { ConfirmDialog } from '../../../common/confirm-dialog.js';
import { Modal } from '../../../common/modal.js';
import { useApi } from '../../../common/use-api.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT } from '../../../common/use-t.js';
import { CapacityField, capacityOf } from './capacity-field.js';
import { DeliveryFields, IssuedAccessDialog } from './issued-access.js';
import { AgentNameField, PermissionFields, type AccessFields } from './permission-fields.js';

/** A reset offers the temporary password first (adding an agent, the invitation). */
const RESET_DELIVERIES: readonly CredentialDelivery[] = ['temporary-password', 'invitation'];

interface DialogProps {
  readonly access: AgentAccess;
  readonly onClose: () => void;
  /** The change was made: reload the list, say so. */
  readonly onDone: (message: string | null) => void;
}

export function EditAgentDialog({ access, onClose, onDone, isLastAdmin }: DialogProps & { isLastAdmin: boolean }) {
  const { t } = useT();
  const api = useApi();
  const { agent } = access;
  const [name, setName] = useState(agent.name);
  const [fields, setFields] = useState<AccessFields>({ role: agent.role, permissions: agent.permissions });
  const [capacityText, setCapacityText] = useState(agent.capacity == null ? '' : String(agent.capacity));
  const capacity = capacityOf(capacityText);
  const { busy, failure, run } = useHubCall();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (capacity === 'invalid') return;
    // The capacity only when it changed (the hub keeps what a PATCH leaves out).
    const limit = capacity === (agent.capacity ?? null) ? {} : { capacity };
    const saved = await run(() => api.adminUpdateAgent(agent.id, { name: name.trim(), ...fields, ...limit }));
    if (saved) onDone(t('agents.done.saved', { name: saved.name }));
  }

  return (
    <Modal title={t('agents.edit.title', { name: agent.name })} onClose={onClose} className="agent-dialog">
      <form className="admin-form" onSubmit={(e) => void onSubmit(e)} aria-busy={busy}>
        <AgentNameField value={name} onChange={setName} />
        <p className="muted">
          {t('agents.field.email')}: {agent.email}
        </p>
        <PermissionFields
          value={fields}
          onChange={setFields}
          roleLockedReason={isLastAdmin ? t('agents.lastAdmin') : null}
        />
        <CapacityField value={capacityText} onChange={setCapacityText} />
        <CallFailure failure={failure} />
        <footer className="modal-footer">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || capacity === 'invalid'}>
            {t('common.save')}
          </button>
        </footer>
      </form>
    </Modal>
  );
}

export function DeactivateAgentDialog({ access, onClose, onDone }: DialogProps) {
  const { t } = useT();
  const api = useApi();
  const { agent, openConversations } = access;

  async function confirm() {
    await api.adminDeactivateAgent(agent.id);
    onDone(t('agents.done.deactivated', { name: agent.name }));
  }

  return (
    <ConfirmDialog
      title={t('agents.deactivate.title', { name: agent.name })}
      confirmLabel={t('agents.deactivate.confirm')}
      onCancel={onClose}
      onConfirm={confirm}
      className="agent-dialog"
    >
      <p>{t('agents.deactivate.body')}</p>
      <p>
        {openConversations > 0
          ? t('agents.deactivate.reroute', { count: openConversations })
          : t('agents.deactivate.noOpen')}
      </p>
    </ConfirmDialog>
  );
}

export function ResetPasswordDialog({ access, onClose, onDone }: DialogProps) {
  const { t } = useT();
  const api = useApi();
  const { agent } = access;
  const [delivery, setDelivery] = useState<CredentialDelivery>('temporary-password');
  const [issued, setIssued] = useState<IssuedAccess | null>(null);
  const { busy, failure, run } = useHubCall();

  async function confirm() {
    const result = await run(() => api.adminResetPassword(agent.id, delivery));
    if (result) {
      setIssued(result);
      onDone(null);
    }
  }

  if (issued) return <IssuedAccessDialog issued={issued} onClose={onClose} />;
  return (
    <Modal title={t('agents.reset.title', { name: agent.name })} onClose={onClose} className="agent-dialog">
      <p>{t('agents.reset.body')}</p>
      <DeliveryFields choices={RESET_DELIVERIES} value={delivery} onChange={setDelivery} />
      <CallFailure failure={failure} />
      <footer className="modal-footer">
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
          {t('agents.reset.confirm')}
        </button>
      </footer>
    </Modal>
  );
}
