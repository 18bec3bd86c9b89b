import { describe, expect, it } from 'vitest';
import type { AttachmentOpening } from '../../../src/shared/api.js';
import { decideAttachmentOpening } from '../../../src/main/core/attachments/open-decision.js';
import { diskFileName } from '../../../src/main/core/attachments/safe-file-name.js';
import { encodePdf, encodePng } from '../../../src/node-shared/media-encoding.js';

const PDF = encodePdf(100, 100, '0 0 0 rg 10 10 80 80 re f');
const PNG = encodePng(Buffer.alloc(4 * 4 * 3, 200), 4, 4, 3);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const OGG = Buffer.from('OggS\u0000\u0002\u0000\u0000', 'latin1');
/** A Windows executable starts with the DOS header's "MZ". */
const EXE = Buffer.from('MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\u0000', 'latin1');
const TEXT = Buffer.from('お届け予定は明日です。\r\nTracking: JP123\n');

function decide(fileName: string | null, mimeType: string, head: Uint8Array): AttachmentOpening {
  return decideAttachmentOpening({ fileName, mimeType, head, fallbackName: 'attachment-0190a4c2' });
}

describe('opening an attachment with the OS', () => {
  it.each([
    ['invoice.pdf', 'application/pdf', PDF, 'invoice.pdf', 'pdf'],
    ['parcel.JPG', 'image/jpeg', JPEG, 'parcel.JPG', 'jpg'],
    ['label.png', 'image/png', PNG, 'label.png', 'png'],
    ['お届け.txt', 'text/plain; charset=utf-8', TEXT, 'お届け.txt', 'txt'],
    ['voice.ogg', 'audio/ogg; codecs=opus', OGG, 'voice.ogg', 'ogg'],
    // A provider that declares nothing useful: the extension and the bytes must agree.
    ['scan.pdf', 'application/octet-stream', PDF, 'scan.pdf', 'pdf'],
    // No extension: the copy gets the one of its type, so the OS picks the right program.
    ['voice', 'audio/ogg', OGG, 'voice.ogg', 'ogg'],
    [null, 'image/png', PNG, 'attachment-0190a4c2.png', 'png'],
  ])('opens %j (%s) directly, as %j', (name, mime, head, fileName, extension) => {
    expect(decide(name, mime, head)).toEqual({ action: 'open', risk: null, extension, fileName });
  });

  it.each([
    ['setup.exe', 'windows-program', 'exe'],
    ['screensaver.scr', 'windows-program', 'scr'],
    ['run.bat', 'script', 'bat'],
    ['run.cmd', 'script', 'cmd'],
    ['payload.js', 'script', 'js'],
    ['macro.vbs', 'script', 'vbs'],
    ['update.hta', 'script', 'hta'],
    ['tool.ps1', 'script', 'ps1'],
    ['tool.jar', 'script', 'jar'],
    ['install.sh', 'script', 'sh'],
    ['start.command', 'mac-program', 'command'],
    ['Photos.app', 'mac-program', 'app'],
    ['invoice.lnk', 'shortcut', 'lnk'],
    ['setup.msi', 'installer', 'msi'],
    ['page.html', 'web-page', 'html'],
    ['logo.svg', 'web-page', 'svg'],
    ['budget.xlsm', 'macro-document', 'xlsm'],
    ['logs.zip', 'archive', 'zip'],
    ['contract.docx', 'unlisted', 'docx'],
    ['list.csv', 'unlisted', 'csv'],
  ])('only shows %j in its folder (%s)', (name, risk, extension) => {
    expect(decide(name, 'application/octet-stream', EXE)).toEqual({
      action: 'reveal',
      risk,
      extension,
      fileName: name,
    });
    // Whatever type the provider declares and whatever the bytes are: the extension picks the program.
    expect(decide(name, 'application/pdf', PDF)).toMatchObject({ action: 'reveal', risk, extension });
  });

  it('names the real extension of a program dressed up as a PDF with a right-to-left override', () => {
    expect(decide('invoice\u202Efdp.exe', 'application/pdf', EXE)).toEqual({
      action: 'reveal',
      risk: 'windows-program',
      extension: 'exe',
      fileName: 'invoicefdp.exe',
    });
    expect(decide('report\u2067fdp.scr\u2069.txt', 'text/plain', TEXT)).toMatchObject({ action: 'open' });
    expect(decide('photo\u200B.jpg\u200B.exe', 'image/jpeg', JPEG)).toMatchObject({ extension: 'exe' });
  });

  it('sees the extension Windows sees after dropping trailing dots and spaces', () => {
    for (const name of ['evil.exe.', 'evil.exe   ', 'evil.exe . .', 'evil.exe\u3000', ' evil.exe']) {
      expect(decide(name, 'image/jpeg', JPEG)).toEqual({
        action: 'reveal',
        risk: 'windows-program',
        extension: 'exe',
        fileName: 'evil.exe',
      });
    }
    expect(decide('notes.txt:evil.exe', 'text/plain', TEXT)).toMatchObject({
      risk: 'windows-program',
      fileName: 'notes.txt_evil.exe',
    });
  });

  it('does not open a file whose name, declared type and bytes disagree', () => {
    const cases: [string, string, Uint8Array][] = [
      ['photo.jpg', 'image/jpeg', EXE],
      ['photo.jpg', 'application/pdf', PDF],
      ['photo.png', 'image/jpeg', JPEG],
      ['notes.txt', 'text/html', TEXT],
      ['notes.txt', 'text/plain', EXE],
      ['scan.pdf', 'application/octet-stream', EXE],
      ['voice', 'audio/ogg', EXE],
    ];
    for (const [name, mime, head] of cases) {
      expect(decide(name, mime, head), `${name} as ${mime}`).toMatchObject({ action: 'reveal', risk: 'mismatch' });
    }
    expect(decide('blob', 'application/octet-stream', EXE)).toMatchObject({ action: 'reveal', risk: 'unlisted' });
  });
});

describe('the name a customer’s file gets on disk', () => {
  it.each([
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Users\\Public\\run.bat', 'C__Users_Public_run.bat'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\r\nbreak\tname.txt', 'line break name.txt'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Nul.tar.gz', '_Nul.tar.gz'],
    ['COM1.pdf', '_COM1.pdf'],
    ['lpt\u00b9.txt', '_lpt\u00b9.txt'],
    ['CONOUT$', '_CONOUT$'],
    ['console.txt', 'console.txt'],
    ['...', 'fallback'],
    ['  \u202E ', 'fallback'],
    ['.bashrc', 'bashrc'],
    ['lone\ud800surrogate.txt', 'lone_surrogate.txt'],
    ['写真 2024.jpg', '写真 2024.jpg'],
    ['👨\u200D👩\u200D👧.png', '👨\u200D👩\u200D👧.png'],
  ])('%j is saved as %j', (raw, safe) => {
    expect(diskFileName(raw, 'fallback')).toBe(safe);
  });

  it('shortens a long name to fit the file system, keeping its extension and whole characters', () => {
    const name = diskFileName(`${'請求書'.repeat(100)}.pdf`, 'fallback');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(150);
    expect(name.endsWith('請求書.pdf') || name.endsWith('請.pdf') || name.endsWith('求.pdf')).toBe(true);
    expect(name).not.toContain('\ufffd');
  });

  it('never yields a name that leaves its folder, hides characters or is a device, whatever the customer sends', () => {
    const pool = ['a', '.', ' ', '/', '\\', ':', '*', '\u202E', '\u2066', '\u200B', '\u0000', '\n', 'é', '語', '😀'];
    const alsoPool = ['con', 'NUL', 'exe', 'pdf', '..', '\ud800', '\udc00', '\u3000', '\u0085', '\ufeff'];
    const all = [...pool, ...alsoPool];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 500; round += 1) {
      const raw = Array.from({ length: next() % 40 }, () => all[next() % all.length]).join('');
      const name = diskFileName(raw, 'attachment');
      expect(name, JSON.stringify(raw)).not.toMatch(/[/\\:*?"<>|\p{Cc}\u200B\u202A-\u202E\u2066-\u2069\ufeff]/u);
      expect(name, JSON.stringify(raw)).not.toMatch(/^[\s.]|[\s.]$/u);
      expect(name, JSON.stringify(raw)).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(name, JSON.stringify(raw)).not.toMatch(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      );
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(150);
    }
  });
});
