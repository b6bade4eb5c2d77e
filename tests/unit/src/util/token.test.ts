import { describe, expect, it } from 'vitest';
import { cleanToken, TOKEN_MAX_CHARS } from '../../../../src/util/token.ts';

describe('cleanToken', () => {
  it('keeps id characters and drops everything else', () => {
    expect(cleanToken('mobilenet_v1_0.25_128')).toBe('mobilenet_v1_0.25_128');
    expect(cleanToken('<img src=x onerror=alert(1)>')).toBe('imgsrcxonerroralert1');
    expect(cleanToken('a\u0000b\u202ec\n d')).toBe('abcd');
    expect(cleanToken('"; --')).toBe('--');
    expect(cleanToken('!!!')).toBe('');
  });

  it('cuts to the limit with an ellipsis, and only when cut', () => {
    expect(cleanToken('x'.repeat(TOKEN_MAX_CHARS))).toBe('x'.repeat(TOKEN_MAX_CHARS));
    expect(cleanToken('x'.repeat(200_000))).toBe(`${'x'.repeat(TOKEN_MAX_CHARS)}…`);
    expect(cleanToken('abcdef', 3)).toBe('abc…');
  });
});
