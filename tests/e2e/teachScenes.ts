/**
 * Two synthetic scenes for teach mode's tests, as photos (PNG) and as a fake-camera clip, so the
 * tests need no ../shared: `lane`, a drawn sky, asphalt and lane line (drifting one pixel a
 * frame), and `wall`, a garage wall with shelves. Frame `f` of a scene is the same
 * picture in both forms.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { writeY4m } from '../../tools/harness/y4m.ts';

const W = 320;
const H = 240;
type Pixel = (x: number, y: number, f: number) => [number, number, number];

export const SCENES: Record<'lane' | 'wall', Pixel> = {
  lane: (x, y, f) => {
    if (y < 110) return [120, 170, 230];
    const lane = Math.abs(x - 160 - f) < 2 + (y - 110) / 10;
    return lane ? [240, 240, 240] : [70, 70, 76];
  },
  wall: (x, y, f) => {
    const shelf = (y + f * 2) % 60 < 6;
    const plank = (x + f) % 80 < 3;
    return shelf ? [90, 60, 40] : plank ? [150, 140, 120] : [200, 190, 165];
  },
};

/** Frames `from`..`to - 1` of `scene` as PNG files in a new folder; their paths, in order. */
export async function scenePhotos(scene: keyof typeof SCENES, from: number, to: number) {
  const dir = mkdtempSync(join(tmpdir(), `roadgate-${scene}-`));
  const paths: string[] = [];
  for (let f = from; f < to; f++) {
    const rgb = Buffer.alloc(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) rgb.set(SCENES[scene](x, y, f), (y * W + x) * 3);
    }
    const path = join(dir, `${scene}-${String(f).padStart(3, '0')}.png`);
    await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

/** A fake-camera clip of `scene` holding still at frame `frame`: every frame the same picture. */
export function stillClip(scene: keyof typeof SCENES, frame: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roadgate-clip-')), `${scene}.y4m`);
  writeY4m(file, { width: W, height: H, frames: 5, fps: 10 }, (x, y) => SCENES[scene](x, y, frame));
  return file;
}

/**
 * Teaches `lane` as road and `wall` as not-road from frames 0..n-1 of each, picked as photos in
 * the open teach panel, and trains: resolves once the result is done.
 */
export async function teachFromPhotos(page: Page, n: number): Promise<void> {
  await page.getByTestId('teach-files-road').setInputFiles(await scenePhotos('lane', 0, n));
  await page.getByTestId('teach-files-not-road').setInputFiles(await scenePhotos('wall', 0, n));
  for (const label of ['road', 'not-road']) {
    await expect(page.getByTestId(`teach-count-${label}`)).toHaveAttribute('data-value', `${n}`, {
      timeout: 60_000,
    });
  }
  await page.getByTestId('teach-train').click();
  await expect(page.getByTestId('teach-result')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
}
