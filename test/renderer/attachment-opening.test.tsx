import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { AttachmentOpening, AttachmentView, ClientMessage } from '../../src/shared/api.js';
import type { Attachment } from '../../src/shared/domain.js';
import { MessageList } from '../../src/renderer/src/features/conversation/message-list.js';
import { Lightbox } from '../../src/renderer/src/features/conversation/attachments/lightbox.js';
import { makeAttachment, makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

// jsdom has no canvas; the PDF drawing itself is covered by the e2e run in Chromium.
vi.mock('../../src/renderer/src/features/conversation/attachments/pdf-render.js', () => ({
  renderPdfFirstPage: vi.fn(async () => ({ pages: 1 })),
}));

const RLO = '\u202E';
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function renderThread(messages: ClientMessage[], views: AttachmentView[], locale = 'en-US') {
  const s = scenario({ messages });
  for (const view of views) s.api.attachmentViews.set(view.attachment.id, view);
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  await store.getState().openConversation('conv-1', null);
  return renderWithStore(
    <>
      <MessageList />
      <Lightbox />
    </>,
    s.api,
    store,
  );
}

function ready(attachment: Attachment, opening: AttachmentOpening): AttachmentView {
  return { attachment, status: 'ready', url: `sbmedia://attachment/${attachment.id}`, error: null, opening };
}

/** What the main process decides for `invoice\u202Efdp.exe` (see test/unit/client/attachment-opening.test.ts). */
const disguisedExe = makeAttachment({
  id: 'exe-1',
  mimeType: 'application/octet-stream',
  fileName: `invoice${RLO}fdp.exe`,
  size: 48_000,
});
const exeOpening: AttachmentOpening = {
  action: 'reveal',
  risk: 'windows-program',
  extension: 'exe',
  fileName: 'invoicefdp.exe',
};

function onlyText(node: Element): string {
  return node.textContent ?? '';
}

describe('file names a customer chose', () => {
  it('a program named to look like a PDF shows as “invoice…fdp.exe”, isolated, and Open only shows its folder', async () => {
    const message = makeMessage({ kind: 'document', text: null, attachments: [disguisedExe] });
    const { container } = await renderThread([message], [ready(disguisedExe, exeOpening)]);

    const name = await screen.findByText('invoice…fdp.exe');
    expect(name.tagName).toBe('BDI');
    expect(name.getAttribute('dir')).toBe('auto');
    expect(BIDI_CONTROLS.test(onlyText(container))).toBe(false);
    expect(screen.getByText('EXE')).toBeTruthy();
    expect(screen.getByText(/This file is a Windows program \(\.exe\)\./)).toBeTruthy();
    expect(screen.getByText(/hidden characters/)).toBeTruthy();

    expect(screen.queryByRole('link', { name: 'Open' })).toBeNull();
    const reveal = screen.getByRole('link', { name: 'Show in folder' });
    expect(reveal.getAttribute('href')).toBe('sbmedia://attachment/exe-1');
    // Saved under the name that says what it is.
    expect(screen.getByRole('link', { name: 'Save' }).getAttribute('download')).toBe('invoicefdp.exe');
  });

  it('says in Japanese what the file really is', async () => {
    const message = makeMessage({ kind: 'document', text: null, attachments: [disguisedExe] });
    await renderThread([message], [ready(disguisedExe, exeOpening)], 'ja-JP');
    expect(await screen.findByText(/このファイルは Windows のプログラム \(\.exe\) です。/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'フォルダーに表示' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: '開く' })).toBeNull();
  });

  it.each([
    ['tool.js', 'script', 'This file is a script or program (.js) that runs when opened.'],
    ['invoice.lnk', 'shortcut', 'This file is a shortcut (.lnk) that can open other programs or websites.'],
    ['setup.msi', 'installer', 'This file is an installer (.msi).'],
    ['scan.pdf', 'mismatch', 'The name ends in .pdf, but the file is not what its name or type says.'],
    ['blob', 'unlisted', 'This file (no extension) is not a picture, PDF, audio, video or plain text.'],
  ] as const)('“%s” (%s) says what it really is and only offers Show in folder', async (fileName, risk, words) => {
    const file = makeAttachment({ id: `f-${risk}`, mimeType: 'application/octet-stream', fileName });
    const extension = fileName.includes('.') ? (fileName.split('.').pop() ?? '') : '';
    const opening: AttachmentOpening = { action: 'reveal', risk, extension, fileName };
    await renderThread([makeMessage({ kind: 'document', text: null, attachments: [file] })], [ready(file, opening)]);
    expect(await screen.findByText((text) => text.includes(words))).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Show in folder' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Open' })).toBeNull();
  });

  it('picture names in alt text, the lightbox title and a quoted reply carry no bidi override either', async () => {
    const photo = makeAttachment({ id: 'img-rlo', mimeType: 'image/jpeg', fileName: `photo${RLO}gpj.exe.jpg` });
    const opening: AttachmentOpening = { action: 'open', risk: null, extension: 'jpg', fileName: 'photogpj.exe.jpg' };
    const original = makeMessage({
      kind: 'image',
      text: null,
      attachments: [photo],
      providerMessageId: 'wamid.PHOTO',
    });
    const reply = makeMessage({
      direction: 'out',
      text: 'Thanks, got it',
      senderAgentId: 'agent-1',
      meta: { replyToProviderMessageId: 'wamid.PHOTO' },
    });
    const { user, container } = await renderThread([original, reply], [ready(photo, opening)]);
    const thumb = await screen.findByRole('img', { name: 'photo…gpj.exe.jpg' });
    expect(thumb.getAttribute('alt')).toBe('photo…gpj.exe.jpg');
    const quote = within(container).getByLabelText('Quoted message');
    expect(onlyText(quote)).toBe('photo…gpj.exe.jpg');
    expect(quote.querySelector('bdi')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Enlarge image' }));
    expect(screen.getByRole('dialog', { name: 'photo…gpj.exe.jpg' })).toBeTruthy();
    expect(BIDI_CONTROLS.test(onlyText(document.body))).toBe(false);
  });
});
