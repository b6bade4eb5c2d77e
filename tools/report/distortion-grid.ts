/**
 * The "Training distortions" section of a report: a few training photos at the model's input
 * size, as they are, under each windshield effect alone, and as training copy 1 (what the
 * bottleneck cache computed for it).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import sharp from 'sharp';
import { evenSample } from '../common/sample.ts';
import { escapeHtml as escape } from '../common/html.ts';
import {
  CENTRED,
  decodeImage,
  distortionFor,
  imageSeed,
  toInputPixels,
  type Distortion,
  type DistortionFlags,
} from '../data/images.ts';
import { alwaysOn, WINDSHIELD_EFFECTS } from '../data/windshield.ts';

/** What the grid shows: training photo paths (a few are picked), the flags, the input side. */
export interface DistortionGrid {
  examples: string[];
  flags: DistortionFlags;
  inputSize: number;
  /** Show every effect, not only those the flags turn on (the preview command). */
  allEffects?: boolean;
}

export const GRID_PHOTOS = 6;
/** The roll shown when --random_roll is 0 and every effect is asked for, degrees. */
const PREVIEW_ROLL_DEGREES = 10;

async function jpegUrl(pixels: Uint8Array, size: number): Promise<string> {
  const jpeg = await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** The effects that get a column, each with the flags that force it on for a copy. */
function effectColumns(g: DistortionGrid) {
  return WINDSHIELD_EFFECTS.filter((e) => g.allEffects || (g.flags[e.flag] ?? 0) > 0).map((e) => ({
    ...e,
    forced: { ...g.flags, ...alwaysOn(e.flag, g.flags.randomRoll || PREVIEW_ROLL_DEGREES) },
  }));
}

/** One line naming the distortion flags that are on. */
export function flagsText(f: DistortionFlags): string {
  const on = [
    f.flipLeftRight ? '--flip_left_right' : '',
    ...(['randomCrop', 'randomScale', 'randomBrightness'] as const).map((k) =>
      f[k] > 0 ? `--${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} ${f[k]}` : '',
    ),
    ...WINDSHIELD_EFFECTS.map((e) => ((f[e.flag] ?? 0) > 0 ? `--${e.cli} ${f[e.flag]}` : '')),
  ].filter(Boolean);
  return on.length ? on.join(' ') : 'none';
}

/**
 * The section's HTML: one row per photo (`GRID_PHOTOS` of `examples`, evenly spaced), one
 * column for the original, one per effect, one for training copy 1. Each effect alone has the
 * parameters it has in copy 1 when it fires there. Unreadable photos are left out.
 */
export async function distortionGridHtml(g: DistortionGrid): Promise<string> {
  const size = g.inputSize;
  const columns = effectColumns(g);
  const rows: string[] = [];
  for (const path of evenSample(g.examples, GRID_PHOTOS)) {
    let cells: string[];
    try {
      const bytes = await readFile(path);
      const [seed, image] = [imageSeed(bytes), await decodeImage(path)];
      const only = (c: (typeof columns)[number]): Distortion => ({
        ...CENTRED,
        [c.effect]: distortionFor(seed, 1, c.forced)[c.effect],
      });
      const shown = [undefined, ...columns.map(only), distortionFor(seed, 1, g.flags)];
      cells = await Promise.all(
        shown.map(
          async (d) =>
            `<td><img src="${await jpegUrl(await toInputPixels(image, size, d), size)}" alt=""></td>`,
        ),
      );
    } catch {
      continue;
    }
    const name = `${basename(dirname(path))}/${basename(path)}`;
    rows.push(`<tr><th>${escape(name)}</th>${cells.join('')}</tr>`);
  }
  const head = ['photo', 'original', ...columns.map((c) => c.title), 'training copy 1'];
  return `<h2>Training distortions</h2>
<p>Distortion flags: <code>${escape(flagsText(g.flags))}</code>. Training photos at the model's input size (${size} px): as they are, ${columns.length ? 'under each windshield effect alone, ' : ''}and as training copy 1.</p>
<div style="overflow-x:auto"><table class="grid"><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>${rows.join('\n')}</table></div>`;
}
