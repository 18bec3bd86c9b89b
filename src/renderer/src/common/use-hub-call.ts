/**
 * A form's or dialog's hub call: busy while it runs (so its button is off and
 * one click is one call), the last refusal kept to show with CallFailure, and
 * the answer — or null when the hub refused, the refusal then being in `failure`.
 */
import { useState } from 'react';
import { failureOf, type Failure } from './call-failure.js';

export function useHubCall() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function run<T>(call: () => Promise<T>): Promise<T | null> {
    setBusy(true);
    setFailure(null);
    try {
      return await call();
    } catch (error) {
      setFailure(failureOf(error));
      return null;
    } finally {
      setBusy(false);
    }
  }

  /** Forgets the last refusal (the form found something to fix before calling again). */
  const clearFailure = () => setFailure(null);

  return { busy, failure, run, clearFailure };
}
