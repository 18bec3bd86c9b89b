import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_MAX, isExternalLink } from '../../../src/shared/external-link.js';
import { createClientService, type ClientService } from '../../../src/main/core/client-service.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { fileTokenStore, makeTempDir } from '../../helpers/client.js';

describe('which links the shell opens', () => {
  it('accepts http, https and mailto URLs of bounded length', () => {
    expect(isExternalLink('https://example.com/a?b=c#d')).toBe(true);
    expect(isExternalLink('http://example.com')).toBe(true);
    expect(isExternalLink('mailto:help@example.com')).toBe(true);
    expect(isExternalLink(`https://example.com/${'a'.repeat(EXTERNAL_LINK_MAX - 30)}`)).toBe(true);
  });

  it('refuses other schemes, malformed and overlong URLs', () => {
    for (const url of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,hi',
      'sbmedia://attachment/1',
      'switchboard://conversation/1',
      'ftp://example.com',
      'https:example.com',
      'https://',
      'mailto:nobody',
      'https://exa mple.com',
      'https://example.com/\n',
      '',
      `https://example.com/${'a'.repeat(EXTERNAL_LINK_MAX)}`,
    ]) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });

  describe('through the client API', () => {
    let tmp: ReturnType<typeof makeTempDir>;
    let service: ClientService;
    let opened: string[];

    beforeEach(() => {
      tmp = makeTempDir();
      service = createClientService({
        dataDir: tmp.dir,
        tokenStore: fileTokenStore(`${tmp.dir}/session.json`),
        mediaUrlFor: (id) => `sbmedia://attachment/${id}`,
      });
      opened = [];
      service.onExternalLink((url) => opened.push(url));
    });

    afterEach(async () => {
      await service.stop();
      tmp.cleanup();
    });

    it('hands an https link to the shell, signed in or not', async () => {
      await expect(callApi(service, 'openExternalLink', ['https://example.com/track'])).resolves.toEqual({
        ok: true,
        value: undefined,
      });
      expect(opened).toEqual(['https://example.com/track']);
    });

    it('refuses javascript:, file: and overlong links before the shell hears of them', async () => {
      for (const url of [
        'javascript:alert(1)',
        'file:///etc/passwd',
        `https://e.com/${'a'.repeat(EXTERNAL_LINK_MAX)}`,
      ]) {
        await expect(callApi(service, 'openExternalLink', [url])).resolves.toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
      }
      await expect(callApi(service, 'openExternalLink', [42])).resolves.toMatchObject({ ok: false });
      await expect(callApi(service, 'openExternalLink', [])).resolves.toMatchObject({ ok: false });
      expect(opened).toEqual([]);
    });
  });
});
