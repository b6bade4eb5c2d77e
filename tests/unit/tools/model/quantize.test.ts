import { describe, expect, it } from 'vitest';
import {
  dequantizeUint8,
  fromFloat16Bits,
  quantizeUint8,
  toFloat16Bits,
} from '../../../../tools/model/quantize.ts';

function randomValues(n: number, seed = 7): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 6 - 2.5;
  });
}

describe('uint8 quantization', () => {
  it('round-trips within half a step of its scale', () => {
    const v = randomValues(5000);
    const q = quantizeUint8(v);
    const back = dequantizeUint8(q);
    const worst = Math.max(...v.map((x, i) => Math.abs(x - (back[i] as number))));
    expect(worst).toBeLessThanOrEqual(q.scale / 2 + 1e-6);
    expect(q.scale).toBeCloseTo((Math.max(...v) - Math.min(...v)) / 255, 6);
  });

  it("keeps a TFLite tensor's own grid losslessly", () => {
    const grid = { scale: 0.0123, zeroPoint: 131 };
    const codes = Uint8Array.from({ length: 1000 }, (_, i) => ((i * 37) % 200) + 20);
    const v = Float32Array.from(codes, (c) => grid.scale * (c - grid.zeroPoint));
    const q = quantizeUint8(v, grid);
    expect(Array.from(q.q)).toEqual(Array.from(codes));
    const back = dequantizeUint8(q);
    expect(Math.max(...v.map((x, i) => Math.abs(x - (back[i] as number))))).toBeLessThan(1e-6);
  });

  it('handles a constant tensor', () => {
    const q = quantizeUint8(new Float32Array([0.5, 0.5, 0.5]));
    expect(Array.from(dequantizeUint8(q))).toEqual([0.5, 0.5, 0.5]);
  });
});

describe('float16', () => {
  it('round-trips within half precision', () => {
    for (const x of [0, 1, -2.5, 0.1234, 65504, -3.14159, 1e-5, 6e-8]) {
      const back = fromFloat16Bits(toFloat16Bits(x));
      expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
    }
  });

  it('saturates to infinity and keeps NaN', () => {
    expect(fromFloat16Bits(toFloat16Bits(1e6))).toBe(Infinity);
    expect(fromFloat16Bits(toFloat16Bits(-1e6))).toBe(-Infinity);
    expect(fromFloat16Bits(toFloat16Bits(NaN))).toBeNaN();
  });
});
