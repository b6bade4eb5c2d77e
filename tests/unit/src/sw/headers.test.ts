import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  HEADER_CONTENT_SECURITY_POLICY,
  headersFile,
  HOSTING_HEADERS,
} from '../../../../src/sw/headers.ts';

/** The header lines of README's "Any static HTTPS host" recipe (its first `text` block after it). */
function readmeHeaders(): string[] {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const recipe = readme.slice(readme.indexOf('Any static HTTPS host'));
  const block = /```text\n([\s\S]*?)\n\s*```/.exec(recipe)?.[1] ?? '';
  return block.split('\n').map((l) => l.trim());
}

describe('hosting headers', () => {
  it('README lists exactly the headers the preview server sends', () => {
    expect(readmeHeaders()).toEqual(Object.entries(HOSTING_HEADERS).map(([k, v]) => `${k}: ${v}`));
  });

  it('forbids framing in the header only: a <meta> policy cannot carry frame-ancestors', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(HEADER_CONTENT_SECURITY_POLICY).toBe(
      `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    );
    expect(HOSTING_HEADERS['Content-Security-Policy']).toBe(HEADER_CONTENT_SECURITY_POLICY);
  });

  it('covers isolation, nosniff, the camera for this origin only, and no referrer', () => {
    expect(HOSTING_HEADERS).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'X-Content-Type-Options': 'nosniff',
      'Permissions-Policy': 'camera=(self)',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('writes the same headers as a _headers file for every path', () => {
    const [path, ...lines] = headersFile().trimEnd().split('\n');
    expect(path).toBe('/*');
    expect(lines.map((l) => l.trim())).toEqual(readmeHeaders());
    expect(lines.every((l) => l.startsWith('  '))).toBe(true);
  });
});
