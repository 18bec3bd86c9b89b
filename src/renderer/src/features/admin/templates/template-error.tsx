/**
 * A refused template call in words: our sentence for the code in the admin's
 * language, then Meta's own words when Meta refused (they come in the
 * language of Meta's account, usually English), or the field the hub named.
 */
import { describeError, type ErrorCode } from '../../../../../shared/errors.js';
import { useT } from '../../../common/use-t.js';
import { errorCodeOf } from '../../../stores/error-code.js';

export interface TemplateFailure {
  readonly code: ErrorCode;
  /** Meta's words, or the hub's naming of the bad field. */
  readonly words: string | null;
}

function providerWords(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('details' in error)) return null;
  const details: unknown = error.details;
  if (typeof details !== 'object' || details === null || !('providerError' in details)) return null;
  return typeof details.providerError === 'string' ? details.providerError : null;
}

export function templateFailureOf(error: unknown): TemplateFailure {
  const code = errorCodeOf(error);
  const words =
    providerWords(error) ??
    (code === 'VALIDATION_FAILED' && error instanceof Error && error.message !== '' ? error.message : null);
  return { code, words };
}

export function TemplateError({ failure }: { failure: TemplateFailure | null }) {
  const { t, lang } = useT();
  if (failure === null) return null;
  return (
    <p className="templates-error" role="alert">
      {failure.code === 'PROVIDER_REJECTED' ? t('templates.refused') : describeError(failure.code, lang)}
      {failure.words !== null && (
        <>
          {' '}
          {failure.code === 'VALIDATION_FAILED' ? null : t('templates.metaSays')} <q lang="en">{failure.words}</q>
        </>
      )}
    </p>
  );
}
