/** What an agent may change on a contact (PATCH /api/contacts/:id, docs/protocol.md). */
import { z } from 'zod';
import { CONTACT_NOTES_MAX } from './domain.js';

export const ContactPatch = z.strictObject({
  /** The name agents see; empty gives the contact back to the provider's profile name. */
  name: z.string().max(256).optional(),
  notes: z.string().max(CONTACT_NOTES_MAX).optional(),
});
export type ContactPatch = z.infer<typeof ContactPatch>;
