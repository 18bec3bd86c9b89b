/**
 * A customer's file name, shown so that it cannot lie about itself: isolated
 * from the text around it (`<bdi dir="auto">`, Unicode UAX #9 isolates), so a
 * right-to-left name never reorders its neighbours, and every run of hidden
 * characters (bidi overrides, zero-width characters, controls) drawn as "…".
 * `invoice\u202Efdp.exe` reads "invoice…fdp.exe", never "invoiceexe.pdf".
 */
import { showFileName } from '../../../../../shared/hidden-characters.js';

export function FileName({ name, className }: { name: string; className?: string }) {
  return (
    <bdi dir="auto" className={className}>
      {showFileName(name).text}
    </bdi>
  );
}

/** The shown form as plain text, for alt text, labels and titles (which cannot hold a `<bdi>`). */
export function fileNameText(name: string): string {
  return showFileName(name).text;
}
