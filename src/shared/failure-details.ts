/**
 * The provider's own code in a failure reason, for the details line under a failed bubble. The hub
 * writes the reason as our sentence followed by the provider's words ("… — 131047 Re-engagement
 * message", docs/protocol.md §3.4), or the provider's words alone; its code leads them.
 */
const LEADING_CODE = /^\(?#?([A-Za-z_]*\d[\w.-]*)\)?(?=[\s:,)]|$)/;

export function providerCodeOf(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const cut = reason.lastIndexOf(' — ');
  const provider = (cut >= 0 ? reason.slice(cut + 3) : reason).trim();
  return LEADING_CODE.exec(provider)?.[1] ?? null;
}
