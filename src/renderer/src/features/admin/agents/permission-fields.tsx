/** The agent's name, role and four permissions, as the create and edit dialogs both ask for them. */
import { useId } from 'react';
import type { AgentRole, Permissions } from '../../../../../shared/domain.js';
import { useT } from '../../../common/use-t.js';

export const PERMISSION_NAMES = [
  'view',
  'create',
  'update',
  'delete',
] as const satisfies readonly (keyof Permissions)[];

export interface AccessFields {
  readonly role: AgentRole;
  readonly permissions: Permissions;
}

/** The hub keeps an agent's name to this many characters. */
const NAME_MAX = 100;

export function AgentNameField({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const { t } = useT();
  const id = useId();
  return (
    <div className="admin-field">
      <label htmlFor={id}>{t('agents.field.name')}</label>
      <input
        id={id}
        type="text"
        required
        maxLength={NAME_MAX}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

interface Props {
  readonly value: AccessFields;
  readonly onChange: (next: AccessFields) => void;
  /** Why the role cannot change (the last active admin), or null. */
  readonly roleLockedReason: string | null;
}

export function PermissionFields({ value, onChange, roleLockedReason }: Props) {
  const { t } = useT();
  const id = useId();
  const isAdmin = value.role === 'admin';
  return (
    <>
      <div className="admin-field">
        <label htmlFor={`${id}-role`}>{t('agents.field.role')}</label>
        <select
          id={`${id}-role`}
          value={value.role}
          disabled={roleLockedReason !== null}
          aria-describedby={`${id}-role-hint`}
          onChange={(e) => onChange({ ...value, role: e.target.value === 'admin' ? 'admin' : 'agent' })}
        >
          <option value="agent">{t('agents.role.agent')}</option>
          <option value="admin">{t('agents.role.admin')}</option>
        </select>
        <span id={`${id}-role-hint`} className="hint">
          {roleLockedReason ?? t('agents.field.roleHint')}
        </span>
      </div>
      <fieldset
        className="admin-field permission-fields"
        aria-describedby={isAdmin ? `${id}-permissions-hint` : undefined}
      >
        <legend>{t('agents.field.permissions')}</legend>
        {PERMISSION_NAMES.map((name) => (
          <label key={name} className="permission-choice">
            <input
              type="checkbox"
              checked={value.permissions[name]}
              onChange={(e) => onChange({ ...value, permissions: { ...value.permissions, [name]: e.target.checked } })}
            />
            <span>
              {t(`agents.permission.${name}`)} <span className="hint">— {t(`agents.permission.${name}.hint`)}</span>
            </span>
          </label>
        ))}
        {isAdmin && (
          <span id={`${id}-permissions-hint`} className="hint">
            {t('agents.field.permissionsAdmin')}
          </span>
        )}
      </fieldset>
    </>
  );
}
