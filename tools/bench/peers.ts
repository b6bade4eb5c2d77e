/**
 * Peers on the same weights: each published MobileNet v1 `.tflite` file (../shared/weights, else
 * the user's cache, else downloaded once: tools/weights/store.ts), run by
 * MediaPipe Tasks, next to Roadgate's shipped model of the same width and input size, whose
 * backbone is that file's (models/<id>/meta.json: base), in the same browser and run. The heads
 * differ: the file's 1001-way ImageNet classifier (none in the embedding extractor), Roadgate's
 * 2-way road / not-road layer.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PUBLISHED_BASES } from '../weights/manifest.ts';
import { ensureBase, type StoreOptions } from '../weights/store.ts';

export interface PeerModel {
  name: string;
  inputSize: number;
  width: number;
  embedder: boolean;
  /** URL relative to the harness page. */
  tflite: string;
  /** The Roadgate catalog id of the same width and size. */
  variant: string;
}

/**
 * Copies each published .tflite under `outDir/peers/` and names the Roadgate variant beside it;
 * `skipped` says why there are none when they cannot be had (no network and no cached copy).
 */
export async function preparePeers(
  outDir: string,
  store: StoreOptions,
): Promise<{ peers: PeerModel[]; skipped: string | null }> {
  const files: string[] = [];
  try {
    for (const b of PUBLISHED_BASES.filter((b) => b.format === 'tflite'))
      files.push((await ensureBase(b, store)).location);
  } catch (err) {
    return { peers: [], skipped: (err as Error).message };
  }
  mkdirSync(join(outDir, 'peers'), { recursive: true });
  const peers = files
    .map((path) => [path, basename(path)] as const)
    .sort(([, a], [, b]) => a.localeCompare(b))
    .flatMap(([path, file]) => {
      const m = /^mobilenet_v1_([\d.]+)_(\d+)_/.exec(file);
      if (!m) return [];
      copyFileSync(path, join(outDir, 'peers', file));
      const [, width, size] = m as unknown as [string, string, string];
      return [
        {
          name: basename(file, '.tflite'),
          inputSize: Number(size),
          width: Number(width),
          embedder: file.includes('embedding'),
          tflite: `peers/${file}`,
          variant: `mobilenet_v1_${width}_${size}`,
        },
      ];
    });
  return { peers, skipped: null };
}
