/** What an agent may change on a contact (PATCH /api/contacts/:id, docs/protocol.md). */
import { z } from 'zod';
import { CONTACT_NOTES_MAX, Contact, ContactAttributes, Id } from './domain.js';

/** The customer's email address; empty removes it. */
export const ContactEmail = z.union([
  z.literal(''),
  z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'email: not an email address (name@example.com)' })),
]);

export const ContactPatch = z.strictObject({
  /** The name agents see; empty gives the contact back to the provider's profile name. */
  name: z.string().max(256).optional(),
  notes: z.string().max(CONTACT_NOTES_MAX).optional(),
  email: ContactEmail.optional(),
  /** Replaces every custom attribute (an empty object removes them all). */
  attributes: ContactAttributes.optional(),
});
export type ContactPatch = z.infer<typeof ContactPatch>;

/** Merges the contact into the person of `intoContactId` (POST /api/contacts/:id/merge). */
export const ContactMergeRequest = z.strictObject({ intoContactId: Id });
export type ContactMergeRequest = z.infer<typeof ContactMergeRequest>;

/** What a merge or an unmerge answers: the merge, the person id, the contacts it changed as they are now. */
export const ContactMergeResult = z.object({ mergeId: Id, personId: Id, contacts: z.array(Contact) });
export type ContactMergeResult = z.infer<typeof ContactMergeResult>;
