/**
 * Hub-call client methods for contacts (see src/shared/hub-calls.ts): an agent renames a contact or
 * keeps notes on it (PATCH /api/contacts/:id). The new snapshot reaches every client's cache through
 * the event log like any change; the answer is the contact as the hub stored it.
 */
import { z } from 'zod';
import { ContactMergeResult, ContactPatch } from '../contact-patch.js';
import { Contact, Id } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';

export const CONTACTS_METHODS = {
  updateContact: hubMethod({
    args: z.tuple([Id, ContactPatch]),
    result: Contact,
    call: (id, change) => ({ method: 'PATCH', path: `api/contacts/${segment(id)}`, body: change }),
  }),
  /** (contact, into contact): the first joins the second's person (POST /api/contacts/:id/merge). */
  mergeContact: hubMethod({
    args: z.tuple([Id, Id]),
    result: ContactMergeResult,
    call: (id, intoContactId) => ({
      method: 'POST',
      path: `api/contacts/${segment(id)}/merge`,
      body: { intoContactId },
    }),
  }),
  /** Undoes the contact's merge (POST /api/contacts/:id/unmerge). */
  unmergeContact: hubMethod({
    args: z.tuple([Id]),
    result: ContactMergeResult,
    call: (id) => ({ method: 'POST', path: `api/contacts/${segment(id)}/unmerge` }),
  }),
} as const satisfies Record<string, HubMethod>;
