import { describe, expect, it } from 'vitest';
import {
  encodeCheckSet,
  FEATURE_MAX,
  FEATURE_SCALE,
  parseCheckSet,
} from '../../../../src/teach/checkSet.ts';

const set = (values: number[], dim: number) => ({
  variant: 'mobilenet_v1_0.25_128',
  x: Float32Array.from(values),
  y: Int32Array.from({ length: values.length / dim }, (_, i) => i % 2),
  rows: values.length / dim,
  dim,
});

describe('check set file', () => {
  it('round-trips features within half a step, clipped to [0, 6]', () => {
    const values = [0, 0.01, 1.234, 3, 5.999, 6, -1, 7.5];
    const back = parseCheckSet(encodeCheckSet(set(values, 4), 'test photos'), 'check.json');
    expect(back).toMatchObject({ variant: 'mobilenet_v1_0.25_128', rows: 2, dim: 4 });
    expect(Array.from(back.y)).toEqual([0, 1]);
    values.forEach((v, i) => {
      const clipped = Math.min(FEATURE_MAX, Math.max(0, v));
      expect(Math.abs((back.x[i] as number) - clipped)).toBeLessThanOrEqual(
        FEATURE_SCALE / 2 + 1e-6,
      );
    });
  });

  it.each([
    ['not JSON', '{', /check\.json: not JSON/],
    ['another format', '{"format":"x","version":1}', /not a roadgate-check-features file/],
    [
      'labels of the wrong length',
      JSON.stringify({ ...JSON.parse(encodeCheckSet(set([1, 2, 3, 4], 2), 's')), y: [0] }),
      /"y" must hold 2 label indices/,
    ],
    [
      'too few bytes',
      JSON.stringify({ ...JSON.parse(encodeCheckSet(set([1, 2, 3, 4], 2), 's')), x: 'AAA=' }),
      /"x" must hold 2 × 2 bytes/,
    ],
  ])('refuses %s in one line naming the file', (_what, text, message) => {
    expect(() => parseCheckSet(text, 'check.json')).toThrow(message);
  });
});
