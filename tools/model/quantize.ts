/**
 * Weight quantization in TF.js's own weight-manifest format, so the stock loader dequantizes:
 * uint8 affine (`value = q × scale + min`) or float16.
 */
import type { QuantGrid } from '../tflite/reader.ts';

export interface Uint8Quantized {
  q: Uint8Array;
  scale: number;
  min: number;
}

/**
 * Affine uint8 over the tensor's own range; the round-trip error is at most `scale / 2`.
 * With `grid` (a tensor that was already uint8, e.g. from a TFLite file) its scale and zero
 * point are kept, so re-quantizing is lossless.
 */
export function quantizeUint8(values: Float32Array, grid?: QuantGrid): Uint8Quantized {
  let scale: number;
  let min: number;
  if (grid) {
    scale = grid.scale;
    min = -grid.zeroPoint * grid.scale;
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!Number.isFinite(lo)) lo = hi = 0;
    min = lo;
    scale = hi > lo ? (hi - lo) / 255 : 1;
  }
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    q[i] = Math.max(0, Math.min(255, Math.round(((values[i] as number) - min) / scale)));
  }
  return { q, scale, min };
}

/** Asymmetric uint8 parameters covering `[lo, hi]` (always including 0, as TFLite requires). */
export function uint8Range(lo: number, hi: number): QuantGrid {
  const min = Math.min(0, lo);
  const max = Math.max(0, hi, min + 1e-6);
  const scale = (max - min) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-min / scale))) };
}

/** Smallest and largest value (a loop: spreading a million weights would overflow the stack). */
export function minMax(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

/**
 * `values` on a TFLite uint8 grid (`q = round(v / scale) + zeroPoint`, clamped to 0..255): the
 * integer model's weights. `quantizeUint8` is the TF.js manifest's form, over the tensor's range.
 */
export function quantizeToGrid(values: Float32Array, grid: QuantGrid): Uint8Array {
  return Uint8Array.from(values, (v) =>
    Math.min(255, Math.max(0, Math.round(v / grid.scale) + grid.zeroPoint)),
  );
}

export function dequantizeUint8({ q, scale, min }: Uint8Quantized): Float32Array {
  return Float32Array.from(q, (v) => v * scale + min);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision bits of `value`, rounded to nearest even. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rounded = (mant + half - 1 + ((mant >>> shift) & 1)) >>> shift;
    return sign | rounded;
  }
  const rounded = mant + 0xfff + ((mant >>> 13) & 1);
  if (rounded & 0x800000) return e + 1 >= 0x1f ? sign | 0x7c00 : sign | ((e + 1) << 10);
  return sign | (e << 10) | (rounded >>> 13);
}

export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
