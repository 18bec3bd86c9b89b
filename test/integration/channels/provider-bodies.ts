/** Webhook bodies in the providers' documented shapes, with fresh ids and times, and test credentials. */

export const WA = {
  accessToken: 'wa-token',
  appSecret: 'wa-app-secret',
  verifyToken: 'wa-verify',
  phoneNumberId: '1122334455667',
};
export const TW = {
  accountSid: 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9',
  authToken: 'tw-auth-token',
  from: 'whatsapp:+14155238886',
};

export function whatsappText(
  from: string,
  id: string,
  text: string,
  atMs: number,
  phoneNumberId = '1122334455667',
): string {
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
              contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
              messages: [{ from, id, timestamp: String(Math.floor(atMs / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
}

export function whatsappImage(from: string, id: string, mediaId: string, atMs: number): string {
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
              contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
              messages: [
                {
                  from,
                  id,
                  timestamp: String(Math.floor(atMs / 1000)),
                  type: 'image',
                  image: { id: mediaId, mime_type: 'image/jpeg', caption: '壊れた商品の写真です' },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

export function whatsappStatus(
  id: string,
  status: string,
  atMs: number,
  error?: { code: number; title: string },
): string {
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
              statuses: [
                {
                  id,
                  status,
                  timestamp: String(Math.floor(atMs / 1000)),
                  recipient_id: '819012345678',
                  ...(error ? { errors: [error] } : {}),
                },
              ],
            },
          },
        ],
      },
    ],
  });
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
