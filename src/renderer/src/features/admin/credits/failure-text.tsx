/**
 * A refused call of the credits, click-to-chat and trash tabs, in the admin's
 * language (the code's sentence; the hub's own message only names fields,
 * in English, so it is not shown).
 */
import { describeError, type ErrorCode } from '../../../../../shared/errors.js';
import { useT } from '../../../common/use-t.js';

export function FailureText({ code, children }: { code: ErrorCode | null; children?: React.ReactNode }) {
  const { lang } = useT();
  if (code === null) return null;
  return (
    <p className="form-error" role="alert">
      {children ?? describeError(code, lang)}
    </p>
  );
}
