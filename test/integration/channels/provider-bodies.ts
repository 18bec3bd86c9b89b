/** Webhook bodies in the providers' documented shapes, with fresh ids and times, and test credentials. */

export const WA = {
  accessToken: 'wa-token',
  appSecret: 'wa-app-secret',
  verifyToken: 'wa-verify',
  phoneNumberId: '1122334455667',
};
export const LINE = { channelSecret: 'line-secret', channelAccessToken: 'line-access' };
export const TW = {
  accountSid: 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9',
  authToken: 'tw-auth-token',
  from: 'whatsapp:+14155238886',
};

/** A WhatsApp Cloud API webhook body carrying one change with `value` (messages, contacts or statuses). */
export function whatsappEnvelope(value: Record<string, unknown>, phoneNumberId = WA.phoneNumberId): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

const seconds = (atMs: number) => String(Math.floor(atMs / 1000));

export function whatsappText(
  from: string,
  id: string,
  text: string,
  atMs: number,
  phoneNumberId = WA.phoneNumberId,
): string {
  return whatsappEnvelope(
    {
      contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
      messages: [{ from, id, timestamp: seconds(atMs), type: 'text', text: { body: text } }],
    },
    phoneNumberId,
  );
}

export function whatsappImage(from: string, id: string, mediaId: string, atMs: number): string {
  return whatsappEnvelope({
    contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
    messages: [
      {
        from,
        id,
        timestamp: seconds(atMs),
        type: 'image',
        image: { id: mediaId, mime_type: 'image/jpeg', caption: '壊れた商品の写真です' },
      },
    ],
  });
}

export function whatsappStatus(
  id: string,
  status: string,
  atMs: number,
  error?: { code: number; title: string },
  phoneNumberId = WA.phoneNumberId,
): string {
  return whatsappEnvelope(
    {
      statuses: [
        {
          id,
          status,
          timestamp: seconds(atMs),
          recipient_id: '819012345678',
          ...(error ? { errors: [error] } : {}),
        },
      ],
    },
    phoneNumberId,
  );
}

export function twilioInbound(sid: string, from: string, body: string): URLSearchParams {
  return new URLSearchParams({
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9',
    From: `whatsapp:${from}`,
    To: 'whatsapp:+14155238886',
    Body: body,
    NumMedia: '0',
    ProfileName: 'Customer',
    WaId: from.replace('+', ''),
    SmsStatus: 'received',
    MessageType: 'text',
    ApiVersion: '2010-04-01',
  });
}

export function twilioStatus(sid: string, status: string, errorCode?: string): URLSearchParams {
  const form = new URLSearchParams({
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9',
    From: 'whatsapp:+14155238886',
    To: 'whatsapp:+15005550006',
    ApiVersion: '2010-04-01',
  });
  if (errorCode) form.set('ErrorCode', errorCode);
  return form;
}

/** A Twilio WhatsApp webhook form carrying one media file at `mediaUrl`. */
export function twilioMediaForm(
  sid: string,
  mediaUrl: string,
  contentType: string,
  messageType: string,
): URLSearchParams {
  return new URLSearchParams({
    MessageSid: sid,
    From: 'whatsapp:+15005550006',
    To: TW.from,
    Body: '',
    NumMedia: '1',
    MediaContentType0: contentType,
    MediaUrl0: mediaUrl,
    MessageType: messageType,
    SmsStatus: 'received',
    WaId: '15005550006',
  });
}

/** A LINE webhook body with one message whose content an external provider hosts at `url`. */
export function lineExternalBody(id: string, type: 'image' | 'video', url: string): string {
  return JSON.stringify({
    destination: 'Ubot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: `01HEXT${id}`,
        deliveryContext: { isRedelivery: false },
        replyToken: `reply-${id}`,
        source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
        message: { id, type, contentProvider: { type: 'external', originalContentUrl: url, previewImageUrl: url } },
      },
    ],
  });
}

/** A LINE webhook body with one text message `id` from the user `userId`. */
export function lineTextBody(userId: string, id: string, text: string): string {
  return JSON.stringify({
    destination: 'Ubot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: `01HTXT${id}`,
        deliveryContext: { isRedelivery: false },
        replyToken: `reply-${id}`,
        source: { type: 'user', userId },
        message: { id, type: 'text', text },
      },
    ],
  });
}
