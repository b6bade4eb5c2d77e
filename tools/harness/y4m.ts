/**
 * Writes a YUV4MPEG2 clip (the fake camera's plain format): a text header, then raw 4:2:0
 * frames. Tests make their own synthetic clips with it, so they need no ffmpeg and no ../shared.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/util/random.ts';

/** RGB (0..255) to BT.601 limited-range Y'CbCr. */
function toYuv(r: number, g: number, b: number): [number, number, number] {
  const y = 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
  const u = 128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256;
  const v = 128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256;
  return [Math.round(y), Math.round(u), Math.round(v)];
}

/**
 * `pixel(x, y, frame)` gives each pixel's RGB. Chroma is taken at the top-left pixel of each
 * 2×2 block.
 */
export function writeY4m(
  file: string,
  opts: { width: number; height: number; frames: number; fps: number },
  pixel: (x: number, y: number, frame: number) => [number, number, number],
): void {
  const { width: w, height: h } = opts;
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F${opts.fps}:1 Ip A1:1 C420jpeg\n`);
  const frameBytes = w * h * 1.5;
  const out = Buffer.alloc(header.length + opts.frames * (6 + frameBytes));
  header.copy(out, 0);
  let at = header.length;
  for (let f = 0; f < opts.frames; f++) {
    at += out.write('FRAME\n', at);
    const uAt = at + w * h;
    const vAt = uAt + (w * h) / 4;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const [Y, U, V] = toYuv(...pixel(x, y, f));
        out[at + y * w + x] = Y;
        if (x % 2 === 0 && y % 2 === 0) {
          const c = (y / 2) * (w / 2) + x / 2;
          out[uAt + c] = U;
          out[vAt + c] = V;
        }
      }
    }
    at += frameBytes;
  }
  writeFileSync(file, out);
}

type Rgb = [number, number, number];
/** A rectangle of one colour: left, top, width, height, colour. */
export type ColourRect = [number, number, number, number, Rgb];

/**
 * The not-road scene, 320×240, as rectangles painted in order: a painted wall, a framed picture,
 * a shelf of books, a skirting board and a wooden floor. Every shipped variant reads it as
 * not-road (0.90–1.00 with `npm run classify` on frames 0, 5 and 9), as it is: a room, not a
 * drawing of a road that a model happens to reject. The Firefox tests paint the same rectangles
 * on a canvas (tests/firefox/session.ts).
 */
export const ROOM: readonly ColourRect[] = [
  [0, 0, 320, 240, [205, 190, 160]],
  [0, 192, 320, 8, [235, 235, 230]],
  [0, 200, 320, 40, [120, 85, 60]],
  [40, 40, 100, 80, [60, 40, 30]],
  [46, 46, 88, 68, [90, 140, 110]],
  [180, 130, 120, 6, [90, 60, 40]],
  ...Array.from({ length: 12 }, (_, i): ColourRect => {
    const spines: Rgb[] = [
      [170, 40, 40],
      [40, 80, 150],
      [220, 180, 60],
      [50, 120, 70],
    ];
    return [185 + 9 * i, 90, 8, 40, spines[i % 4] as Rgb];
  }),
];

/** The room's pixel at (x, y) in frame `f`: the scene drifts right a pixel a frame. */
export function roomPixel(x: number, y: number, f: number): Rgb {
  let colour = (ROOM[0] as ColourRect)[4];
  for (const [left, top, width, height, rgb] of ROOM) {
    const sx = x - f;
    if (sx >= left && sx < left + width && y >= top && y < top + height) colour = rgb;
  }
  return colour;
}

/** A synthetic not-road clip: the room above, drifting a pixel a frame over 10 frames. */
export function syntheticClip(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roadgate-clip-')), 'synthetic.y4m');
  writeY4m(file, { width: 320, height: 240, frames: 10, fps: 10 }, roomPixel);
  return file;
}

/**
 * A synthetic clip the shipped models read as road (the room above reads as not-road, so the gate
 * turns the camera off after its hold time): a road in perspective between sandy verges, edge
 * lines, a dashed centre line, textured asphalt, under a sky. Measured with `npm run classify` on
 * a frame of it as the camera gives it (decoded from the clip's YUV): road 0.98 on 0.5_224 (the
 * default), 1.00 on 0.25_128. Every frame the same.
 */
export function roadClip(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roadgate-clip-')), 'road.y4m');
  const horizon = 110;
  const [w, h] = [320, 240];
  const rand = seededRandom(1);
  const grain = Float32Array.from({ length: w * h }, () => rand() - 0.5);
  writeY4m(file, { width: w, height: h, frames: 5, fps: 10 }, (x, y) => {
    if (y < horizon) {
      const g = y / horizon;
      return [160 + 40 * g, 190 + 30 * g, 230];
    }
    const t = (y - horizon) / (h - horizon);
    const half = 6 + t * 230;
    const d = Math.abs(x - w / 2);
    const n = (grain[y * w + x] ?? 0) * 40;
    if (d > half) return [140 + n * 0.75, 130 + n * 0.75, 110 + n * 0.75];
    if (Math.abs(d - half * 0.92) < 0.5 + 3 * t) return [225, 225, 220];
    if (d < 0.5 + 3 * t && Math.floor(Math.sqrt(t) * 14) % 2 === 0) return [230, 230, 230];
    return [90 + n, 90 + n, 95 + n];
  });
  return file;
}
