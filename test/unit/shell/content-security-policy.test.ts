import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_DIRECTIVES,
} from '../../../src/main/shell/content-security-policy.js';

/** The policy the built page carries in its `<meta>` (a file:// page gets no response headers). */
function metaPolicy(): string {
  const html = readFileSync('src/renderer/index.html', 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
  if (!meta?.[1]) throw new Error('src/renderer/index.html has no CSP meta');
  return meta[1];
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

describe('the renderer’s Content Security Policy', () => {
  it('is the same in the page and in the window’s response header', () => {
    expect(metaPolicy()).toBe(CONTENT_SECURITY_POLICY);
    expect(directives(CONTENT_SECURITY_POLICY)).toEqual(
      new Map(CONTENT_SECURITY_POLICY_DIRECTIVES.map(([name, value]) => [name, value.split(' ')])),
    );
  });

  it('lets the page reach no network at all, loopback included: only its bundle and the attachment cache', () => {
    const policy = directives(metaPolicy());
    expect(policy.get('default-src')).toEqual(["'none'"]);
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/^(https?|wss?):|127\.0\.0\.1|localhost|\*|^data:$|'unsafe-(inline|eval)'/);
      }
    }
    expect(policy.get('connect-src')).toEqual(['sbmedia:']);
    expect(policy.get('img-src')).toEqual(['sbmedia:', 'blob:']);
    expect(policy.get('media-src')).toEqual(['sbmedia:']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });
});
