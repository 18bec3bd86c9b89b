import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { AttachmentView, ClientMessage } from '../../src/shared/api.js';
import type { Attachment } from '../../src/shared/domain.js';
import { connectStoreToEvents } from '../../src/renderer/src/stores/app-store.js';
import { MessageList } from '../../src/renderer/src/features/conversation/message-list.js';
import { Lightbox } from '../../src/renderer/src/features/conversation/attachments/lightbox.js';
import { makeAttachment, makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

// jsdom has no canvas; the PDF drawing itself is covered by the e2e run in Chromium.
vi.mock('../../src/renderer/src/features/conversation/attachments/pdf-render.js', () => ({
  renderPdfFirstPage: vi.fn(async () => ({ pages: 3 })),
}));

/** As the main process reports a file it lets *Open* hand to the OS. */
function ready(attachment: Attachment, url: string): AttachmentView {
  const fileName = attachment.fileName ?? attachment.id;
  const extension = fileName.split('.').pop() ?? '';
  return {
    attachment,
    status: 'ready',
    url,
    error: null,
    opening: { action: 'open', risk: null, extension, fileName },
  };
}

async function renderThread(messages: ClientMessage[], views: AttachmentView[] = []) {
  const s = scenario({ messages });
  for (const view of views) s.api.attachmentViews.set(view.attachment.id, view);
  const store = makeStore(s.api);
  await store.getState().loadSession();
  await store.getState().openConversation('conv-1', null);
  return {
    ...renderWithStore(
      <>
        <MessageList />
        <Lightbox />
      </>,
      s.api,
      store,
    ),
    s,
  };
}

function withAttachment(attachment: Attachment, kind: ClientMessage['kind']): ClientMessage {
  return makeMessage({ kind, text: null, attachments: [attachment] });
}

describe('attachment previews', () => {
  it('an image shows inline from the offline cache and opens larger in a lightbox', async () => {
    const image = makeAttachment({ id: 'img-1', fileName: 'parcel.jpg' });
    const { user } = await renderThread([withAttachment(image, 'image')], [ready(image, 'sbmedia://attachment/img-1')]);
    const thumb = await screen.findByRole('img', { name: 'parcel.jpg' });
    expect(thumb.getAttribute('src')).toBe('sbmedia://attachment/img-1');
    await user.click(screen.getByRole('button', { name: 'Enlarge image' }));
    const viewer = screen.getByRole('dialog', { name: 'parcel.jpg' });
    expect(within(viewer).getByRole('img').getAttribute('src')).toBe('sbmedia://attachment/img-1');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('video and audio play in the app with native players', async () => {
    const video = makeAttachment({ id: 'vid-1', mimeType: 'video/mp4', fileName: 'unboxing.mp4' });
    const voice = makeAttachment({ id: 'aud-1', mimeType: 'audio/ogg; codecs=opus', fileName: 'voice.ogg' });
    const { container } = await renderThread(
      [withAttachment(video, 'video'), withAttachment(voice, 'voice')],
      [ready(video, 'sbmedia://attachment/vid-1'), ready(voice, 'sbmedia://attachment/aud-1')],
    );
    await waitFor(() =>
      expect(container.querySelector('video')?.getAttribute('src')).toBe('sbmedia://attachment/vid-1'),
    );
    expect(container.querySelector('video')?.hasAttribute('controls')).toBe(true);
    expect(container.querySelector('audio')?.getAttribute('src')).toBe('sbmedia://attachment/aud-1');
  });

  it('a PDF shows its first page drawn on a canvas, with open and save', async () => {
    const pdf = makeAttachment({ id: 'pdf-1', mimeType: 'application/pdf', fileName: 'invoice.pdf', size: 120_000 });
    await renderThread([withAttachment(pdf, 'document')], [ready(pdf, 'sbmedia://attachment/pdf-1')]);
    const page = await screen.findByRole('img', { name: 'invoice.pdf' });
    expect(page.tagName).toBe('CANVAS');
    expect(await screen.findByText('PDF page 1 of 3')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Save' }).getAttribute('download')).toBe('invoice.pdf');
  });

  it('other files are cards with size, type, open and save', async () => {
    const text = makeAttachment({ id: 'txt-1', mimeType: 'text/plain', fileName: 'tracking.txt', size: 12_288 });
    await renderThread([withAttachment(text, 'document')], [ready(text, 'sbmedia://attachment/txt-1')]);
    expect(await screen.findByText('tracking.txt')).toBeTruthy();
    expect(screen.getByText(/12 KB · text\/plain/)).toBeTruthy();
    const open = screen.getByRole('link', { name: 'Open' });
    expect(open.getAttribute('href')).toBe('sbmedia://attachment/txt-1');
    expect(open.getAttribute('rel')).toBe('noopener noreferrer');
    // The desktop shell opens target=_blank media links with the OS, and saves those asking for download=1.
    expect(open.getAttribute('target')).toBe('_blank');
    const save = screen.getByRole('link', { name: 'Save' });
    expect(save.getAttribute('href')).toBe('sbmedia://attachment/txt-1?download=1');
    expect(save.getAttribute('target')).toBe('_blank');
    expect(save.getAttribute('download')).toBe('tracking.txt');
  });

  it('nothing a customer sends can run script: SVG stays an <img> and markup stays text', async () => {
    const svg = makeAttachment({ id: 'svg-1', mimeType: 'image/svg+xml', fileName: 'evil.svg' });
    const markup = makeMessage({ text: '<img src=x onerror="alert(1)"><script>alert(2)</script>' });
    const { container } = await renderThread(
      [withAttachment(svg, 'image'), markup],
      [ready(svg, 'sbmedia://attachment/svg-1')],
    );
    expect((await screen.findByRole('img', { name: 'evil.svg' })).tagName).toBe('IMG');
    expect(screen.getByText('<img src=x onerror="alert(1)"><script>alert(2)</script>')).toBeTruthy();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
  });

  it('an attachment the hub could not fetch says why', async () => {
    const lost = makeAttachment({ id: 'lost-1', status: 'failed', error: 'Media expired at the provider' });
    await renderThread([withAttachment(lost, 'image')]);
    expect(await screen.findByText('Not available: Media expired at the provider')).toBeTruthy();
  });

  it('an attachment still downloading says so', async () => {
    const image = makeAttachment({ id: 'img-2' });
    await renderThread(
      [withAttachment(image, 'image')],
      [{ attachment: image, status: 'downloading', url: null, error: null, opening: null }],
    );
    expect(await screen.findByText('Downloading…')).toBeTruthy();
  });

  it('a large download shows how far it got, then the file when it completes', async () => {
    const video = makeAttachment({ id: 'vid-big', mimeType: 'video/mp4', fileName: 'walkthrough.mp4' });
    const { s, store } = await renderThread(
      [withAttachment(video, 'video')],
      [{ attachment: video, status: 'downloading', url: null, error: null, opening: null }],
    );
    connectStoreToEvents(store, s.api);
    await screen.findByText('Downloading…');
    act(() => s.api.emit({ type: 'attachment-progress', attachmentId: 'vid-big', received: 450, total: 1000 }));
    expect(await screen.findByText('Downloading… 45%')).toBeTruthy();
    s.api.attachmentViews.set('vid-big', ready(video, 'sbmedia://attachment/vid-big'));
    act(() => s.api.emit({ type: 'attachment-progress', attachmentId: 'vid-big', received: 1000, total: 1000 }));
    await waitFor(() =>
      expect(document.querySelector('video')?.getAttribute('src')).toBe('sbmedia://attachment/vid-big'),
    );
  });
});

describe('message details', () => {
  it('shows sender, delivery state, failure reason, location link, quote and reactions', async () => {
    const question = makeMessage({ text: 'Is it shipped?', providerMessageId: 'wamid.Q' });
    const reply = makeMessage({
      direction: 'out',
      text: 'Yes, today.',
      senderAgentId: 'agent-1',
      state: 'read',
      providerMessageId: 'wamid.R',
      meta: { replyToProviderMessageId: 'wamid.Q' },
    });
    const reaction = makeMessage({
      kind: 'reaction',
      text: null,
      meta: { reaction: { emoji: '👍', targetProviderMessageId: 'wamid.R' } },
    });
    const failed = makeMessage({
      direction: 'out',
      text: 'Hello?',
      senderAgentId: 'agent-1',
      state: 'failed',
      failureCode: 'PROVIDER_UNREACHABLE_COUNTRY',
      failureReason: 'raw provider text',
    });
    const place = makeMessage({
      kind: 'location',
      text: null,
      meta: { location: { latitude: 35.6812, longitude: 139.7671, name: 'Tokyo Station' } },
    });
    const { container } = await renderThread([question, reply, reaction, failed, place]);
    const replyEl = container.querySelector(`[data-message-id="${reply.id}"]`);
    if (!(replyEl instanceof HTMLElement)) throw new Error('reply not rendered');
    expect(within(replyEl).getByText('You')).toBeTruthy();
    expect(within(replyEl).getByText('Read')).toBeTruthy();
    expect(within(replyEl).getByLabelText('Quoted message').textContent).toBe('Is it shipped?');
    expect(within(replyEl).getByText('👍')).toBeTruthy();
    expect(container.querySelector(`[data-message-id="${reaction.id}"]`)).toBeNull();
    expect(screen.getByText('The provider cannot deliver to the customer’s country.')).toBeTruthy();
    const map = screen.getByRole('link', { name: 'Open in map' });
    expect(map.getAttribute('href')).toContain('mlat=35.6812&mlon=139.7671');
    expect(screen.getByText('Tokyo Station')).toBeTruthy();
    expect(screen.getAllByText('Hiroshi Sato').length).toBeGreaterThan(0);
  });

  it('a reply held after reconnecting can be sent anyway or discarded', async () => {
    const held = makeMessage({
      id: '0190a4c2-0000-7000-8000-000000000001',
      clientId: '0190a4c2-0000-7000-8000-000000000001',
      direction: 'out',
      text: 'Sorry for the wait',
      senderAgentId: 'agent-1',
      state: 'queued',
      providerMessageId: null,
      outbox: { state: 'held', reasonCode: 'REPLY_HELD', reason: null, windowWillClose: false },
    });
    const { user, s } = await renderThread([held]);
    expect(await screen.findByText(/This reply was held: Someone else answered/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send anyway' }));
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(s.api.callsOf('decideHeldReply')).toEqual([
      [{ clientId: held.clientId, action: 'send' }],
      [{ clientId: held.clientId, action: 'discard' }],
    ]);
  });

  it('a reply waiting in the outbox says so, and a private note is marked as one', async () => {
    const queued = makeMessage({
      direction: 'out',
      text: 'On my way',
      senderAgentId: 'agent-1',
      state: 'queued',
      clientId: 'c-9',
      providerMessageId: null,
      outbox: { state: 'queued', reasonCode: null, reason: null, windowWillClose: true },
    });
    const note = makeMessage({ kind: 'note', direction: 'out', text: 'VIP customer', senderAgentId: 'agent-1' });
    await renderThread([queued, note]);
    expect(await screen.findByText('Waiting to send')).toBeTruthy();
    expect(screen.getByText('The session window will have closed before this can be sent.')).toBeTruthy();
    expect(screen.getByText('Private note · You')).toBeTruthy();
  });
});
