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

/** A synthetic clip: a road-like picture (sky, asphalt, a lane line) that drifts slowly. */
export function syntheticClip(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roadgate-clip-')), 'synthetic.y4m');
  writeY4m(file, { width: 320, height: 240, frames: 10, fps: 10 }, (x, y, f) => {
    if (y < 110) return [120, 170, 230];
    const lane = Math.abs(x - 160 - f) < 2 + (y - 110) / 10;
    return lane ? [240, 240, 240] : [70, 70, 76];
  });
  return file;
}

/**
 * A synthetic clip the shipped models read as road (the one above reads as not-road, so the gate
 * turns the camera off after its hold time): a road in perspective between sandy verges, edge
 * lines, a dashed centre line, textured asphalt, under a sky. Measured with `npm run classify` on
 * a frame of it: road 0.88 on 0.5_224 (the default), 0.98 on 0.25_128. Every frame the same.
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
