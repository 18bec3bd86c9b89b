/**
 * A refused hub call in words, for every screen that calls the hub itself:
 * our sentence for the code in the user's language, then — where there is
 * something worth reading — the provider's own words (the hub passes them as
 * `details.providerError`) or the hub's message for codes whose message names
 * what is at fault (the provider's refusal of a verification, the bad field,
 * what conflicts). Those words come in English, so they are quoted as such.
 */
import type { ReactNode } from 'react';
import { describeError, type ErrorCode } from '../../../shared/errors.js';
import { errorCodeOf } from '../stores/error-code.js';
import { useT } from './use-t.js';

/** Codes whose hub message is worth showing as it is. */
const MESSAGE_SHOWN: ReadonlySet<ErrorCode> = new Set(['CHANNEL_NOT_VERIFIED', 'VALIDATION_FAILED', 'CONFLICT']);

export interface Failure {
  readonly code: ErrorCode;
  /** The provider's words, or the hub's message for a code in MESSAGE_SHOWN; null when there is nothing more to say. */
  readonly words: string | null;
}

function providerWords(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('details' in error)) return null;
  const details: unknown = error.details;
  if (typeof details !== 'object' || details === null || !('providerError' in details)) return null;
  return typeof details.providerError === 'string' && details.providerError !== '' ? details.providerError : null;
}

/** What whatever a ClientApi call threw means for the user. */
export function failureOf(error: unknown): Failure {
  const code = errorCodeOf(error);
  const message = error instanceof Error && MESSAGE_SHOWN.has(code) && error.message !== '' ? error.message : null;
  return { code, words: providerWords(error) ?? message };
}

/**
 * The failure as an alert. `children`, where a screen knows better what a code means for it, is said
 * instead of the code's sentence and the words (e.g. "this email is taken" for CONFLICT).
 */
export function CallFailure({ failure, children }: { failure: Failure | null; children?: ReactNode }) {
  const { lang } = useT();
  if (failure === null) return null;
  return (
    <p className="form-error" role="alert">
      {children ?? (
        <>
          {describeError(failure.code, lang)}
          {failure.words !== null && (
            <>
              {' '}
              <q lang="en">{failure.words}</q>
            </>
          )}
        </>
      )}
    </p>
  );
}
