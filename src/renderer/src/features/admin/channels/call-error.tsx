/**
 * A refused admin call in words: the code's sentence in the admin's language,
 * and — where the hub's message carries the provider's own words (a refused
 * verification) or names the bad field — that message after it.
 */
import { describeError, type ErrorCode } from '../../../../../shared/errors.js';
import { useT } from '../../../common/use-t.js';
import { errorCodeOf } from '../../../stores/error-code.js';

/** Codes whose message is worth showing as it is: the provider's words, the field at fault, the trashed name. */
const MESSAGE_SHOWN: ReadonlySet<ErrorCode> = new Set(['CHANNEL_NOT_VERIFIED', 'VALIDATION_FAILED', 'CONFLICT']);

export interface CallFailure {
  readonly code: ErrorCode;
  readonly message: string | null;
}

export function failureOf(error: unknown): CallFailure {
  const code = errorCodeOf(error);
  const message = error instanceof Error && MESSAGE_SHOWN.has(code) ? error.message : null;
  return { code, message };
}

export function CallError({ failure }: { failure: CallFailure | null }) {
  const { lang } = useT();
  if (failure === null) return null;
  return (
    <p className="channels-error" role="alert">
      {describeError(failure.code, lang)}
      {failure.message !== null && failure.message !== '' && (
        <>
          {' '}
          <q lang="en">{failure.message}</q>
        </>
      )}
    </p>
  );
}
