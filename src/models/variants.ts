/**
 * The 16 MobileNet v1 variants: width multiplier × input resolution (Howard et al. 2017,
 * "MobileNets", Tables 6 and 7). Validated here and nowhere else.
 */
export const WIDTHS = [0.25, 0.5, 0.75, 1.0] as const;
export const INPUT_SIZES = [128, 160, 192, 224] as const;

export type Width = (typeof WIDTHS)[number];
export type InputSize = (typeof INPUT_SIZES)[number];

export interface Variant {
  /** `mobilenet_v1_<width>_<size>`, e.g. `mobilenet_v1_0.25_128`. */
  id: string;
  width: Width;
  inputSize: InputSize;
}

/** Width as written in ids: 0.25, 0.5, 0.75, 1.0 (TensorFlow's own spelling). */
const widthText = (w: Width): string => (w === 1 ? '1.0' : String(w));

export const VARIANTS: readonly Variant[] = WIDTHS.flatMap((width) =>
  INPUT_SIZES.map((inputSize) => ({
    id: `mobilenet_v1_${widthText(width)}_${inputSize}`,
    width,
    inputSize,
  })),
);

/** Longest text worth matching against the table, in characters (the longest spelling has 31). */
const MAX_VARIANT_TEXT_CHARS = 64;

/**
 * Looks up a variant by id without throwing: the canonical id (`mobilenet_v1_0.25_128`) or
 * retrain.py's architecture spelling (`mobilenet_0.25_128`, `mobilenet_1.0_224_quant`);
 * undefined on anything else, including text too long to be an id.
 */
export function findVariant(text: string): Variant | undefined {
  if (text.length > MAX_VARIANT_TEXT_CHARS) return undefined;
  const m = /^mobilenet(?:_v1)?_([\d.]+)_(\d+)(?:_quant(?:ized)?)?$/.exec(text.trim());
  return m ? VARIANTS.find((v) => v.width === Number(m[1]) && v.inputSize === Number(m[2])) : undefined;
}

/**
 * Looks up a variant by id, like `findVariant`. Throws, listing the valid ids, on anything else.
 */
export function parseVariant(text: string): Variant {
  const found = findVariant(text);
  if (!found) {
    throw new Error(
      `unknown MobileNet variant "${text}"; valid: ${VARIANTS.map((v) => v.id).join(', ')}`,
    );
  }
  return found;
}

/** Channels of each of the 27 convolutions (conv0, then depthwise / pointwise pairs) at width 1. */
export const FULL_WIDTH_CHANNELS = [
  32, 32, 64, 64, 128, 128, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512,
  512, 512, 512, 512, 1024, 1024, 1024,
] as const;

/** Strides of conv0 and of the 13 depthwise convolutions (the pointwise ones are all 1). */
export const STRIDES = [2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1] as const;

/** Output channels of every convolution of a variant, in order (27 entries). */
export function channelsAt(width: number): number[] {
  return FULL_WIDTH_CHANNELS.map((c) => Math.round(c * width));
}

/** The pooled feature length of a width: 1024 × width. */
export const featureLength = (width: number): number => Math.round(1024 * width);

/**
 * Multiply-adds of the backbone (no classifier) at a width and input size, counted layer by
 * layer. 1.0_224 gives 568.7 M plus the paper's classifier 1.0 M ≈ the paper's 569 M.
 */
export function multiplyAdds(width: number, inputSize: number): number {
  const ch = channelsAt(width);
  let size = Math.ceil(inputSize / 2);
  let total = size * size * 3 * 3 * 3 * (ch[0] as number);
  for (let block = 0; block < 13; block++) {
    const inC = ch[2 * block] as number;
    const outC = ch[2 * block + 2] as number;
    size = Math.ceil(size / (STRIDES[block + 1] as number));
    total += size * size * 9 * inC + size * size * inC * outC;
  }
  return total;
}
