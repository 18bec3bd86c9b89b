/**
 * Exactly the credentials one provider needs, each labelled and explained
 * (where in the provider's console it is); values the admin invents come
 * generated, with "generate again".
 */
import { useId } from 'react';
import type { ChannelKind } from '../../../../../shared/domain.js';
import { useT } from '../../../common/use-t.js';
import { credentialFields, type CredentialField } from './provider-fields.js';

interface CredentialsFormProps {
  readonly kind: ChannelKind;
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (name: string, value: string) => void;
  readonly disabled?: boolean;
}

function FieldInput({
  field,
  value,
  onChange,
  disabled,
}: {
  field: CredentialField;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
}) {
  const { t } = useT();
  const id = useId();
  const generate = field.generate;
  return (
    <div className="admin-field">
      <label htmlFor={id}>
        {t(field.label)}
        {!field.required && <span className="muted"> {t('channels.optional')}</span>}
      </label>
      <div className="channels-input-row">
        <input
          id={id}
          type={field.secret ? 'password' : 'text'}
          value={value}
          required={field.required}
          aria-describedby={`${id}-hint`}
          placeholder={field.placeholder}
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        />
        {generate && (
          <button
            type="button"
            disabled={disabled}
            aria-label={t('channels.generateAgainFor', { field: t(field.label) })}
            onClick={() => onChange(generate())}
          >
            {t('channels.generateAgain')}
          </button>
        )}
      </div>
      <span id={`${id}-hint`} className="hint">
        {t(field.hint)}
      </span>
    </div>
  );
}

export function CredentialsForm({ kind, values, onChange, disabled = false }: CredentialsFormProps) {
  return (
    <>
      {credentialFields(kind).map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          disabled={disabled}
          onChange={(value) => onChange(field.name, value)}
        />
      ))}
    </>
  );
}
