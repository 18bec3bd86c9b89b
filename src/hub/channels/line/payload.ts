/**
 * The parts of LINE webhook bodies the hub reads
 * (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects).
 * Objects are loose: LINE adds event types and fields, and those must never
 * make a webhook fail.
 */
import { z } from 'zod';

export const LineSource = z.looseObject({
  type: z.string(),
  userId: z.string().optional(),
  groupId: z.string().optional(),
  roomId: z.string().optional(),
});
export type LineSource = z.infer<typeof LineSource>;

export const LineEvent = z.looseObject({
  type: z.string(),
  // Any number: an implausible time is replaced by the hub's at ingest (services/inbound-bounds.ts).
  timestamp: z.number(),
  mode: z.string().optional(),
  source: LineSource.optional(),
  webhookEventId: z.string().optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  replyToken: z.string().optional(),
});
export type LineEvent = z.infer<typeof LineEvent>;

export const LineWebhookBody = z.looseObject({
  destination: z.string().optional(),
  events: z.array(z.unknown()),
});

export const LineMessage = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  text: z.string().optional(),
  quotedMessageId: z.string().optional(),
  fileName: z.string().optional(),
  fileSize: z.number().int().nonnegative().optional(),
  contentProvider: z
    .looseObject({
      type: z.string(),
      originalContentUrl: z.string().optional(),
      previewImageUrl: z.string().optional(),
    })
    .optional(),
  packageId: z.string().optional(),
  stickerId: z.string().optional(),
  title: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});
export type LineMessage = z.infer<typeof LineMessage>;

export const LinePostback = z.looseObject({
  data: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const LineUnsend = z.looseObject({ messageId: z.string().min(1) });

export const LineMembers = z.looseObject({
  members: z.array(z.looseObject({ type: z.string(), userId: z.string().optional() })),
});

/** LINE error body: `{ message, details?: [{ message, property }] }`. */
export const LineErrorBody = z.looseObject({
  message: z.string(),
  details: z.array(z.looseObject({ message: z.string().optional(), property: z.string().optional() })).optional(),
  sentMessages: z.array(z.looseObject({ id: z.string() })).optional(),
});
export type LineErrorBody = z.infer<typeof LineErrorBody>;

export const LineSentMessages = z.looseObject({
  sentMessages: z.array(z.looseObject({ id: z.string(), quoteToken: z.string().optional() })).optional(),
});
