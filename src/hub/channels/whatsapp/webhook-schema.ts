/**
 * The shape of a WhatsApp Cloud API webhook (`object: whatsapp_business_account`).
 * Only the fields we read are declared; everything else passes through, because
 * Meta adds fields (user_id, pricing, referral …) without notice.
 */
import { z } from 'zod';

const Str = z.string().max(65536);

export const WaMedia = z.looseObject({
  id: Str,
  mime_type: Str.optional(),
  sha256: Str.optional(),
  caption: Str.optional(),
  filename: Str.optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});
export type WaMedia = z.infer<typeof WaMedia>;

export const WaContactCard = z.looseObject({
  name: z
    .looseObject({ formatted_name: Str.optional(), first_name: Str.optional(), last_name: Str.optional() })
    .optional(),
  phones: z.array(z.looseObject({ phone: Str.optional(), wa_id: Str.optional(), type: Str.optional() })).optional(),
});

export const WaError = z.looseObject({
  code: z.number().int(),
  title: Str.optional(),
  message: Str.optional(),
  error_data: z.looseObject({ details: Str.optional() }).optional(),
});
export type WaError = z.infer<typeof WaError>;

export const WaMessage = z.looseObject({
  from: Str,
  id: Str,
  timestamp: Str,
  type: Str,
  context: z.looseObject({ from: Str.optional(), id: Str.optional(), forwarded: z.boolean().optional() }).optional(),
  text: z.looseObject({ body: Str }).optional(),
  image: WaMedia.optional(),
  video: WaMedia.optional(),
  audio: WaMedia.optional(),
  document: WaMedia.optional(),
  sticker: WaMedia.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: Str.optional(),
      address: Str.optional(),
    })
    .optional(),
  contacts: z.array(WaContactCard).optional(),
  reaction: z.looseObject({ message_id: Str, emoji: Str.optional() }).optional(),
  interactive: z
    .looseObject({
      type: Str,
      button_reply: z.looseObject({ id: Str, title: Str }).optional(),
      list_reply: z.looseObject({ id: Str, title: Str, description: Str.optional() }).optional(),
      nfm_reply: z
        .looseObject({ name: Str.optional(), body: Str.optional(), response_json: Str.optional() })
        .optional(),
    })
    .optional(),
  button: z.looseObject({ payload: Str.optional(), text: Str }).optional(),
  system: z.looseObject({ body: Str.optional(), wa_id: Str.optional(), type: Str.optional() }).optional(),
  errors: z.array(WaError).optional(),
});
export type WaMessage = z.infer<typeof WaMessage>;

export const WaStatus = z.looseObject({
  id: Str,
  status: Str,
  timestamp: Str,
  recipient_id: Str.optional(),
  errors: z.array(WaError).optional(),
});
export type WaStatus = z.infer<typeof WaStatus>;

export const WaContactProfile = z.looseObject({
  wa_id: Str,
  profile: z.looseObject({ name: Str.optional() }).optional(),
});

export const WaChangeValue = z.looseObject({
  messaging_product: Str.optional(),
  metadata: z.looseObject({ display_phone_number: Str.optional(), phone_number_id: Str.optional() }).optional(),
  contacts: z.array(WaContactProfile).optional(),
  messages: z.array(WaMessage).optional(),
  statuses: z.array(WaStatus).optional(),
});
export type WaChangeValue = z.infer<typeof WaChangeValue>;
export type WaContactProfile = z.infer<typeof WaContactProfile>;

/** A `message_template_status_update` change value (WhatsApp Business Account webhook). */
export const WaTemplateStatusUpdate = z.looseObject({
  event: Str,
  message_template_id: z.union([z.number(), Str]),
  message_template_name: Str,
  message_template_language: Str,
  reason: Str.nullable().optional(),
  message_template_category: Str.optional(),
  rejection_info: z.looseObject({ reason: Str.optional(), recommendation: Str.optional() }).optional(),
  other_info: z.looseObject({ title: Str.optional(), description: Str.optional() }).optional(),
});
export type WaTemplateStatusUpdate = z.infer<typeof WaTemplateStatusUpdate>;

/**
 * A `template_category_update` change value: an impending change carries `correct_category` (what Meta will
 * set), `new_category` (the current one) and `category_update_timestamp`; a completed one
 * `previous_category` and `new_category` (what it is now).
 */
export const WaTemplateCategoryUpdate = z.looseObject({
  message_template_id: z.union([z.number(), Str]),
  message_template_name: Str,
  message_template_language: Str,
  correct_category: Str.optional(),
  new_category: Str.optional(),
  previous_category: Str.optional(),
  category_update_timestamp: z.union([z.number(), Str]).optional(),
});
export type WaTemplateCategoryUpdate = z.infer<typeof WaTemplateCategoryUpdate>;

/** The change value with its lists unread: each message, status and contact is parsed on its own. */
export const WaChangeValueEnvelope = z.looseObject({
  contacts: z.array(z.unknown()).default([]),
  messages: z.array(z.unknown()).default([]),
  statuses: z.array(z.unknown()).default([]),
});

export const WaWebhook = z.looseObject({
  object: Str,
  entry: z.array(
    z.looseObject({
      id: Str,
      changes: z.array(z.looseObject({ field: Str, value: z.unknown() })),
    }),
  ),
});
