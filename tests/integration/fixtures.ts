/** Generated photos for tests that train: tiny, distinct classes, decodable by sharp. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** A "road": sky above, dark asphalt below with a white centre line; a "not-road": green noise. */
export async function writeImage(
  file: string,
  road: boolean,
  seed: number,
  format: 'jpg' | 'png' = 'jpg',
): Promise<void> {
  const w = 96 + (seed % 3) * 16;
  const h = 72;
  const px = Buffer.alloc(w * h * 3);
  let s = seed * 9301 + 49297;
  const rand = () => (s = (s * 9301 + 49297) % 233280) / 233280;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      let rgb: [number, number, number];
      if (road) {
        const line = y > h / 2 && Math.abs(x - w / 2) < 2 + (y - h / 2) / 8;
        rgb = y < h / 2 ? [120, 170, 230] : line ? [240, 240, 240] : [70, 70, 75];
      } else {
        rgb = [30 + rand() * 60, 100 + rand() * 120, 30 + rand() * 50];
      }
      px.set(
        rgb.map((v) => Math.round(v + (rand() - 0.5) * 20)),
        i,
      );
    }
  }
  const img = sharp(px, { raw: { width: w, height: h, channels: 3 } });
  await (format === 'png' ? img.ensureAlpha(0.8).png() : img.jpeg()).toFile(file);
}

/**
 * `n` road and `n` not-road images under `dir/road` and `dir/not-road`; not-road image 3 is a
 * PNG with alpha, the rest JPEG.
 */
export async function writeDataset(dir: string, n: number): Promise<void> {
  for (const label of ['road', 'not-road']) mkdirSync(join(dir, label), { recursive: true });
  for (let i = 0; i < n; i++) {
    await writeImage(join(dir, 'road', `road_${i}.jpg`), true, i);
    const png = i === 3;
    await writeImage(
      join(dir, 'not-road', `other_${i}.${png ? 'png' : 'jpg'}`),
      false,
      i,
      png ? 'png' : 'jpg',
    );
  }
}
