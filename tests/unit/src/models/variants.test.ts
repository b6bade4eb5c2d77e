import { describe, expect, it } from 'vitest';
import {
  VARIANTS,
  featureLength,
  findVariant,
  multiplyAdds,
  parseVariant,
} from '../../../../src/models/variants.ts';

describe('variant table', () => {
  it('has the 16 width × size variants with TensorFlow-style ids', () => {
    expect(VARIANTS).toHaveLength(16);
    expect(new Set(VARIANTS.map((v) => v.id)).size).toBe(16);
    expect(VARIANTS.map((v) => v.id)).toContain('mobilenet_v1_0.25_128');
    expect(VARIANTS.map((v) => v.id)).toContain('mobilenet_v1_1.0_224');
  });

  it("parses ids and retrain.py's architecture names", () => {
    expect(parseVariant('mobilenet_v1_0.5_160')).toMatchObject({ width: 0.5, inputSize: 160 });
    expect(parseVariant('mobilenet_1.0_224')).toMatchObject({ id: 'mobilenet_v1_1.0_224' });
    expect(parseVariant('mobilenet_0.25_128_quantized').id).toBe('mobilenet_v1_0.25_128');
  });

  it('fails on an unknown variant, listing the valid ones', () => {
    expect(() => parseVariant('mobilenet_0.3_128')).toThrow(
      /valid: mobilenet_v1_0\.25_128, .*mobilenet_v1_1\.0_224/,
    );
    expect(() => parseVariant('inception_v3')).toThrow(/unknown MobileNet variant "inception_v3"/);
  });

  it('finds a variant without throwing, and nothing in junk or overlong text', () => {
    expect(findVariant('mobilenet_0.75_192')?.id).toBe('mobilenet_v1_0.75_192');
    expect(findVariant('mobilenet_v1_0.3_128')).toBeUndefined();
    expect(findVariant('')).toBeUndefined();
    expect(findVariant(`mobilenet_v1_${'1'.repeat(100_000)}_128`)).toBeUndefined();
    expect(findVariant(`${' '.repeat(100)}mobilenet_v1_0.5_128`)).toBeUndefined();
  });

  it("counts the paper's multiply-adds (Howard et al. 2017, Tables 6-7; they include the 1000-way layer)", () => {
    const withClassifier = (w: number, s: number) =>
      (multiplyAdds(w, s) + featureLength(w) * 1000) / 1e6;
    expect(withClassifier(1, 224)).toBeCloseTo(569, 0);
    expect(withClassifier(1, 192)).toBeCloseTo(418, 0);
    expect(withClassifier(1, 160)).toBeCloseTo(291, -1);
    expect(withClassifier(1, 128)).toBeCloseTo(186, 0);
    expect(withClassifier(0.75, 224)).toBeCloseTo(325, 0);
    expect(withClassifier(0.5, 224)).toBeCloseTo(149, 0);
    expect(withClassifier(0.25, 224)).toBeCloseTo(41, 0);
  });
});
