/**
 * What a windshield camera sees that a photo taken on the road does not: a hood or dashboard
 * across the bottom, motion blur, rain on the glass, sun glare, low light with sensor noise, a
 * slight roll. Every choice is drawn from the seeded stream of one training copy, so a copy is
 * a function of (image, copy) and the bottleneck cache stays valid. The effects work on the RGB
 * bytes at input size: sharp rotates and convolves, librsvg (through sharp) draws the overlays.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { seededRandom } from '../../src/util/random.ts';

/** The windshield flags: each 0 (off) by default. */
export interface WindshieldFlags {
  /** Percent of copies with a dark hood or dashboard over the bottom 8–25% of the frame. */
  randomHood?: number;
  /** Percent of copies with a sun glare in the upper half, and a washed-out veil. */
  randomGlare?: number;
  /** Percent of copies darkened to 25–60% of their light, with sensor noise. */
  randomLowLight?: number;
  /** Percent of copies smeared by a near-horizontal motion blur of 3–9 px at input size. */
  randomMotionBlur?: number;
  /** Percent of copies seen through glass with 20–120 raindrops. */
  randomRain?: number;
  /** Largest roll either way, degrees: every copy is rolled by a uniform angle in ±this. */
  randomRoll?: number;
}

/** Shares (0..1) are of the frame's side, so an effect looks the same at every input size. */
export interface Hood {
  /** Height of the hood's crest above the bottom edge, a share of the frame. */
  height: number;
  /** How much lower the hood is at the frame's sides than at its crest, a share of `height`. */
  sag: number;
  /** Where the crest is across the frame, 0..1. */
  crestX: number;
  rgb: [number, number, number];
  /** Opacity of the sky's reflection along the hood's edge. */
  shine: number;
}
export interface Glare {
  /** Centre of the sun, shares of the frame (y in the upper half). */
  x: number;
  y: number;
  radius: number;
  /** Light added at the glare's core, a share of white (added light, so it saturates). */
  strength: number;
  /** Light added over the whole frame, a share of white: lifts the blacks, washes out contrast. */
  veil: number;
}
export interface LowLight {
  /** Multiplier on the light after `gamma`. */
  gain: number;
  /** Exponent on the 0..1 light: above 1 crushes the shadows. */
  gamma: number;
  /** Standard deviation of the sensor noise, grey levels. */
  noise: number;
  seed: number;
}
export interface MotionBlur {
  /** Length of the smear, px at input size. */
  length: number;
  /** Direction, degrees from horizontal. */
  angle: number;
}
export interface Rain {
  drops: number;
  /** Seeds the drops' places and sizes. */
  seed: number;
}

/** The windshield part of one copy's distortion: only the effects that are on are present. */
export interface WindshieldEffects {
  /** Degrees, clockwise (as sharp's `rotate`). */
  roll?: number;
  motionBlur?: MotionBlur;
  hood?: Hood;
  rain?: Rain;
  glare?: Glare;
  lowLight?: LowLight;
}

/** The effects with their flags, in the order they are drawn (a fixed order: keep it). */
export const WINDSHIELD_EFFECTS = [
  { effect: 'roll', flag: 'randomRoll', cli: 'random_roll', title: 'roll' },
  {
    effect: 'motionBlur',
    flag: 'randomMotionBlur',
    cli: 'random_motion_blur',
    title: 'motion blur',
  },
  { effect: 'hood', flag: 'randomHood', cli: 'random_hood', title: 'hood' },
  { effect: 'rain', flag: 'randomRain', cli: 'random_rain', title: 'rain' },
  { effect: 'glare', flag: 'randomGlare', cli: 'random_glare', title: 'glare' },
  { effect: 'lowLight', flag: 'randomLowLight', cli: 'random_low_light', title: 'low light' },
] as const satisfies readonly {
  effect: keyof WindshieldEffects;
  flag: keyof WindshieldFlags;
  cli: string;
  title: string;
}[];

/** The flags that turn `flag`'s effect on for every copy: 100%, or a roll within ±`rollDegrees`. */
export const alwaysOn = (flag: keyof WindshieldFlags, rollDegrees: number): WindshieldFlags => ({
  [flag]: flag === 'randomRoll' ? rollDegrees : 100,
});

/**
 * Bump when an effect's rendering changes: copies with an effect then miss the bottleneck cache,
 * and copies without one keep their keys.
 */
export const WINDSHIELD_VERSION = 'windshield/v1';

/** Whether a copy's distortion has any windshield effect in it. */
export function hasWindshieldEffect(d: WindshieldEffects): boolean {
  return WINDSHIELD_EFFECTS.some((e) => d[e.effect] !== undefined);
}

const between = (r: () => number, low: number, high: number) => low + r() * (high - low);
const seedOf = (r: () => number) => Math.floor(r() * 2 ** 32);

/** Each effect's parameters from its own stream, so that turning one on moves no other. */
const DRAW: {
  [K in keyof WindshieldEffects]-?: (r: () => number, flag: number) => WindshieldEffects[K];
} = {
  roll: (r, degrees) => (r() * 2 - 1) * degrees,
  motionBlur: (r) => ({ length: 3 + Math.floor(r() * 7), angle: between(r, -15, 15) }),
  hood: (r) => {
    const grey = between(r, 10, 55);
    const tint = () => Math.round(grey + between(r, -8, 8));
    return {
      height: between(r, 0.08, 0.25),
      sag: between(r, 0, 0.5),
      crestX: between(r, 0.3, 0.7),
      rgb: [tint(), tint(), tint()],
      shine: between(r, 0, 0.25),
    };
  },
  rain: (r) => ({ drops: 20 + Math.floor(r() * 101), seed: seedOf(r) }),
  glare: (r) => ({
    x: between(r, 0.1, 0.9),
    y: between(r, 0.02, 0.45),
    radius: between(r, 0.15, 0.45),
    strength: between(r, 0.6, 1),
    veil: between(r, 0, 0.2),
  }),
  lowLight: (r) => ({
    gain: between(r, 0.25, 0.6),
    gamma: between(r, 1, 1.4),
    noise: between(r, 2, 8),
    seed: seedOf(r),
  }),
};

/**
 * The windshield effects of one copy. Draws exactly one number from `rand` per effect, on or
 * off, in `WINDSHIELD_EFFECTS` order; each effect then draws from a stream of its own.
 */
export function drawWindshield(rand: () => number, f: WindshieldFlags): WindshieldEffects {
  const out: WindshieldEffects = {};
  for (const { effect, flag } of WINDSHIELD_EFFECTS) {
    const r = seededRandom(seedOf(rand));
    const value = f[flag] ?? 0;
    if (value <= 0) continue;
    // Roll's flag is a size (degrees), the others' a chance (percent).
    if (effect !== 'roll' && r() * 100 >= value) continue;
    Object.assign(out, { [effect]: DRAW[effect](r, value) });
  }
  return out;
}

/**
 * The side to resize to before rolling by `degrees`, so that the centred `size` square of the
 * rolled picture has no empty corners: a square of side L rolled by θ holds an upright square of
 * side L / (|cos θ| + |sin θ|); 4 px more cover rounding and the interpolation at the edge.
 */
export function rolledSide(size: number, degrees = 0): number {
  if (degrees === 0) return size;
  const t = (degrees * Math.PI) / 180;
  return Math.ceil(size * (Math.abs(Math.cos(t)) + Math.abs(Math.sin(t)))) + 4;
}

/** A line of `length` px through the centre of an odd square, each cell weighted by nearness. */
function lineKernel({ length, angle }: MotionBlur) {
  const side = 2 * Math.ceil(length / 2) + 1;
  const c = (side - 1) / 2;
  const t = (angle * Math.PI) / 180;
  const [dx, dy] = [Math.cos(t), -Math.sin(t)];
  const kernel = Array.from({ length: side * side }, (_, i) => {
    const [x, y] = [(i % side) - c, Math.floor(i / side) - c];
    const along = Math.abs(x * dx + y * dy);
    const across = Math.abs(x * dy - y * dx);
    return along <= length / 2 ? Math.max(0, 1 - across) : 0;
  });
  const sum = kernel.reduce((a, b) => a + b, 0);
  return { width: side, height: side, kernel: kernel.map((k) => k / sum) };
}

const svg = (size: number, body: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${body}</svg>`,
  );
const n = (x: number) => x.toFixed(2);

/** A hood filling the bottom under a curved edge, with the sky's reflection along the edge. */
function hoodSvg(h: Hood, size: number): Buffer {
  const crest = size * (1 - h.height);
  const side = size * (1 - h.height * (1 - h.sag));
  // A quadratic curve peaks halfway between its ends and its control point.
  const [cx, cy] = [size * h.crestX, 2 * crest - side];
  const edge = `M0 ${n(side)} Q${n(cx)} ${n(cy)} ${size} ${n(side)}`;
  const [r, g, b] = h.rgb;
  return svg(
    size,
    `<path d="${edge} L${size} ${size} L0 ${size} Z" fill="rgb(${r},${g},${b})"/>` +
      `<path d="${edge}" fill="none" stroke="white" stroke-opacity="${n(h.shine)}" stroke-width="${n(size * 0.02)}"/>`,
  );
}

/** Drops on the glass: a bright core fading to a dark rim, soft at the edge, about mean-neutral. */
function rainSvg(rain: Rain, size: number): Buffer {
  const r = seededRandom(rain.seed);
  const drops = Array.from({ length: rain.drops }, () => {
    const [x, y, radius] = [r() * size, r() * size, between(r, 0.008, 0.03) * size];
    return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(radius)}" fill="url(#d)"/>`;
  });
  const stops = [
    [0, 'white', 0.35],
    [0.55, 'white', 0.1],
    [0.8, 'black', 0.3],
    [1, 'black', 0],
  ]
    .map(([at, c, a]) => `<stop offset="${at}" stop-color="${c}" stop-opacity="${a}"/>`)
    .join('');
  return svg(
    size,
    `<defs><radialGradient id="d">${stops}</radialGradient></defs>${drops.join('')}`,
  );
}

/** A warm white sun fading out over `radius`, over a veil across the whole frame. */
function glareSvg(g: Glare, size: number): Buffer {
  const s = g.strength;
  return svg(
    size,
    `<defs><radialGradient id="g"><stop offset="0" stop-color="#fff8e6" stop-opacity="${n(s)}"/>` +
      `<stop offset="0.3" stop-color="#fff2d0" stop-opacity="${n(0.6 * s)}"/>` +
      `<stop offset="1" stop-color="#fff2d0" stop-opacity="0"/></radialGradient></defs>` +
      `<rect width="${size}" height="${size}" fill="white" fill-opacity="${n(g.veil)}"/>` +
      `<circle cx="${n(g.x * size)}" cy="${n(g.y * size)}" r="${n(g.radius * size)}" fill="url(#g)"/>`,
  );
}

/**
 * Roll, motion blur, hood, rain and glare, in that order (the camera turns and moves; the hood
 * and the glass move with it), on `pixels` of `side` px, returned at `size` px. Returns `pixels`
 * itself when none of them is on.
 */
export async function applyOptics(
  pixels: Uint8Array,
  side: number,
  size: number,
  e: WindshieldEffects,
): Promise<Uint8Array> {
  if (e.roll === undefined && !e.motionBlur && !e.hood && !e.rain && !e.glare) return pixels;
  let p = sharp(pixels, { raw: { width: side, height: side, channels: 3 } });
  if (e.roll !== undefined) {
    const rolled = await p
      .rotate(e.roll, { background: '#000000' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { width, height } = rolled.info;
    p = sharp(rolled.data, { raw: { width, height, channels: 3 } }).extract({
      left: Math.floor((width - size) / 2),
      top: Math.floor((height - size) / 2),
      width: size,
      height: size,
    });
  }
  if (e.motionBlur) p = p.convolve(lineKernel(e.motionBlur));
  const overlays: OverlayOptions[] = [];
  if (e.hood) overlays.push({ input: hoodSvg(e.hood, size) });
  if (e.rain) overlays.push({ input: rainSvg(e.rain, size) });
  if (e.glare) overlays.push({ input: glareSvg(e.glare, size), blend: 'add' });
  if (overlays.length) p = p.composite(overlays).removeAlpha();
  return new Uint8Array(await p.raw().toBuffer());
}

/** Darkens `pixels` in place (gain after gamma) and adds seeded sensor noise. */
export function applyLowLight(pixels: Uint8Array, l: LowLight): void {
  const light = Float32Array.from({ length: 256 }, (_, v) => 255 * l.gain * (v / 255) ** l.gamma);
  const r = seededRandom(l.seed);
  // The sum of two uniforms less 1 is triangular noise with a standard deviation of 1/√6.
  const sd = l.noise * Math.sqrt(6);
  for (let i = 0; i < pixels.length; i++) {
    // A Uint8Array wraps values out of 0..255: clamp them first.
    const v = (light[pixels[i] as number] as number) + (r() + r() - 1) * sd;
    pixels[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
}
