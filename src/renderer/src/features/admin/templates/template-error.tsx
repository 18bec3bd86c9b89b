/**
 * A refused template call in words: the shared reading of a failure
 * (common/call-failure.tsx), said the templates' way — "Meta refused" for the
 * provider's refusal, then Meta's own words (in the language of Meta's
 * account, usually English) after "Meta says", or the field the hub named.
 */
import { describeError } from '../../../../../shared/errors.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { useT } from '../../../common/use-t.js';

export type TemplateFailure = Failure;
export const templateFailureOf = failureOf;

export function TemplateError({ failure }: { failure: TemplateFailure | null }) {
  const { t, lang } = useT();
  if (failure === null) return null;
  return (
    <CallFailure failure={failure}>
      {failure.code === 'PROVIDER_REJECTED' ? t('templates.refused') : describeError(failure.code, lang)}
      {failure.words !== null && (
        <>
          {' '}
          {failure.code === 'VALIDATION_FAILED' ? null : t('templates.metaSays')} <q lang="en">{failure.words}</q>
        </>
      )}
    </CallFailure>
  );
}
