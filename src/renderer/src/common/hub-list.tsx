/**
 * A list a screen reads from the hub, in its three states: "Loading…" until
 * it arrives (nothing more once the read failed — the failure above says why),
 * the screen's words for an empty list, or the list itself. A failure of a
 * later call (load more, restore, delete) shows above the list it left as it was.
 */
import type { ReactNode } from 'react';
import { CallFailure, type Failure } from './call-failure.js';
import { useT } from './use-t.js';

export function HubList<T>({
  items,
  failure,
  loading,
  empty,
  children,
}: {
  items: readonly T[] | null;
  failure: Failure | null;
  /** What is said while the list comes; "Loading…" unless given. */
  loading?: string;
  /** What is said when there is nothing; without it an empty list is shown like any other. */
  empty?: ReactNode;
  children: (items: readonly T[]) => ReactNode;
}) {
  const { t } = useT();
  return (
    <>
      <CallFailure failure={failure} />
      {items === null ? (
        failure === null && <p className="muted">{loading ?? t('common.loading')}</p>
      ) : items.length === 0 && empty !== undefined ? (
        <p className="muted">{empty}</p>
      ) : (
        children(items)
      )}
    </>
  );
}
