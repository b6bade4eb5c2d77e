/**
 * Peers on the same weights: each MobileNet v1 `.tflite` file in ../shared/weights, run by
 * MediaPipe Tasks, next to Roadgate's shipped model of the same width and input size, whose
 * backbone is that file's (models/<id>/meta.json: base), in the same browser and run. The heads
 * differ: the file's 1001-way ImageNet classifier (none in the embedding extractor), Roadgate's
 * 2-way road / not-road layer.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { WEIGHTS_DIR } from '../lib/paths.ts';

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

/** Copies each .tflite under `outDir/peers/` and names the Roadgate variant beside it. */
export function preparePeers(outDir: string): PeerModel[] {
  const dir = join(WEIGHTS_DIR, 'tflite_quant_coral');
  if (!existsSync(dir)) return [];
  mkdirSync(join(outDir, 'peers'), { recursive: true });
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tflite'))
    .sort()
    .flatMap((file) => {
      const m = /^mobilenet_v1_([\d.]+)_(\d+)_/.exec(file);
      if (!m) return [];
      copyFileSync(join(dir, file), join(outDir, 'peers', file));
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
}
