import { NAME_RULE } from '../../../../src/teach/personalFile.ts';
import { describe, expect, it } from 'vitest';
import { readParams } from '../../../../src/ui/params.ts';
import { TOKEN_MAX_CHARS } from '../../../../src/util/token.ts';

/** The longest a notice may be: its fixed wording plus one cleaned token. */
const NOTICE_MAX_CHARS = 160;

describe('readParams', () => {
  it('reads valid values and flags with no notice', () => {
    expect(readParams('?variant=mobilenet_v1_0.5_160&backend=wasm&dev')).toEqual({
      variant: 'mobilenet_v1_0.5_160',
      backend: 'wasm',
      dev: true,
      teach: false,
      notices: [],
    });
    expect(readParams('')).toEqual({
      variant: null,
      backend: undefined,
      dev: false,
      teach: false,
      notices: [],
    });
  });

  it('normalises other spellings of a variant to its canonical id', () => {
    expect(readParams('?variant=mobilenet_1.0_224').variant).toBe('mobilenet_v1_1.0_224');
    expect(readParams('?variant=mobilenet_0.25_128_quant').variant).toBe('mobilenet_v1_0.25_128');
    expect(readParams('?variant=%20mobilenet_v1_0.75_192%20').variant).toBe(
      'mobilenet_v1_0.75_192',
    );
    expect(readParams('?backend=WebGL').backend).toBe('webgl');
    expect(readParams('?backend=webgpu').backend).toBe('webgpu');
  });

  it('treats an empty value as absent', () => {
    expect(readParams('?variant=&backend=')).toMatchObject({
      variant: null,
      backend: undefined,
      notices: [],
    });
  });

  it('rejects an unknown variant with a short notice naming the default', () => {
    const p = readParams('?variant=mobilenet_v1_0.3_128');
    expect(p.variant).toBeNull();
    expect(p.notices).toEqual([
      expect.stringMatching(
        /^Ignored \?variant="mobilenet_v1_0\.3_128": .*default model instead\.$/,
      ),
    ]);
  });

  it('rejects an unknown backend with a notice instead of ignoring it silently', () => {
    const p = readParams('?backend=gpu');
    expect(p.backend).toBeUndefined();
    expect(p.notices).toEqual([
      'Ignored ?backend="gpu": not one of int8, webgpu, webgl, wasm, cpu; choosing the engine automatically instead.',
    ]);
  });

  it('never echoes a long or crafted value beyond a short cleaned token', () => {
    const huge = 'A'.repeat(200_000);
    const alert = 'SECURITY ALERT: your phone is infected! Call +1 555 0100 now <b>now</b>';
    const p = readParams(
      `?variant=${encodeURIComponent(huge)}&backend=${encodeURIComponent(alert)}`,
    );
    expect(p).toMatchObject({ variant: null, backend: undefined });
    expect(p.notices).toHaveLength(2);
    for (const n of p.notices) {
      expect(n.length).toBeLessThan(NOTICE_MAX_CHARS);
      expect(n).not.toMatch(/SECURITY ALERT|infected!|<b>|555 0100/);
    }
    expect(p.notices[0]).toContain(`"${'A'.repeat(TOKEN_MAX_CHARS)}…"`);
    expect(p.notices[1]).toContain('"SECURITYALERTyourphoneisinfected…"');
  });

  it('leaves the quote out when nothing of the value survives cleaning', () => {
    expect(readParams('?variant=%3C%3E%22').notices).toEqual([
      expect.stringMatching(/^Ignored \?variant=: not a model variant/),
    ]);
  });

  it('sets teach from a bare ?teach flag', () => {
    expect(readParams('?teach')).toMatchObject({ teach: true, dev: false, notices: [] });
    expect(readParams('?dev&teach=')).toMatchObject({ teach: true, dev: true });
    expect(readParams('?dev').teach).toBe(false);
  });

  it('keeps a well-formed personal model name, decoded', () => {
    expect(readParams('?variant=personal:my%20car')).toMatchObject({
      variant: 'personal:my car',
      notices: [],
    });
    expect(readParams('?variant=personal%3Amy+car&teach')).toMatchObject({
      variant: 'personal:my car',
      teach: true,
      notices: [],
    });
    expect(readParams("?variant=personal:Anna's%20car-2").variant).toBe("personal:Anna's car-2");
    const longest = `personal:${'n'.repeat(40)}`;
    expect(readParams(`?variant=${longest}`)).toMatchObject({ variant: longest, notices: [] });
  });

  it.each([
    // [value, why it is refused, the token the notice quotes]
    ['personal:', 'nothing after the prefix', '"personal"'],
    [`personal:${'n'.repeat(41)}`, 'a name of 41 characters', `"personal${'n'.repeat(24)}…"`],
    [`personal:${'n'.repeat(50)}`, 'a name of 50 characters', `"personal${'n'.repeat(24)}…"`],
    ['personal:%3Cscript%3E', 'markup', '"personalscript"'],
    ['personal:%20my%20car', 'a leading space', '"personalmycar"'],
    ['personal:my%2Fcar', 'a slash', '"personalmycar"'],
  ])('refuses ?variant=%s (%s) with a short notice', (value, _why, token) => {
    const p = readParams(`?variant=${value}`);
    expect(p.variant).toBeNull();
    expect(p.notices).toEqual([
      `Ignored ?variant=${token}: a personal model's name is ${NAME_RULE}; running the default model instead.`,
    ]);
    expect(p.notices.join('').length).toBeLessThan(NOTICE_MAX_CHARS);
  });
});
