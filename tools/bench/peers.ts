/**
 * Peers on the same weights: each MobileNet v1 `.tflite` file in ../shared/weights, run by
 * MediaPipe Tasks, next to Roadgate's model built from that same file at the same size (uint8,
 * the file's own grids), in the same browser and run.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { initTf } from '../lib/tf.ts';
import { loadBase } from '../lib/base.ts';
import { buildMobileNet, kernelGrids } from '../lib/mobilenet.ts';
import { saveModel } from '../lib/model-io.ts';
import { WEIGHTS_DIR } from '../lib/paths.ts';

export interface PeerModel {
  name: string;
  inputSize: number;
  width: number;
  embedder: boolean;
  /** URLs relative to the harness page. */
  tflite: string;
  roadgate: string;
}

/** Writes each .tflite and its Roadgate twin under `outDir/peers/`. */
export async function preparePeers(outDir: string): Promise<PeerModel[]> {
  const dir = join(WEIGHTS_DIR, 'tflite_quant_coral');
  if (!existsSync(dir)) return [];
  await initTf();
  const peers: PeerModel[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.tflite'))
    .sort()) {
    const size = Number(/_(\d{3})_/.exec(file)?.[1]);
    if (!size) continue;
    const name = basename(file, '.tflite');
    mkdirSync(join(outDir, 'peers'), { recursive: true });
    copyFileSync(join(dir, file), join(outDir, 'peers', file));
    const base = await loadBase(join(dir, file));
    const model = buildMobileNet({
      width: base.width,
      inputSize: size,
      base,
      imagenetTop: base.classifier !== undefined,
    });
    await saveModel(model, join(outDir, 'peers', `roadgate_${name}`), 'uint8', kernelGrids(base));
    model.dispose();
    peers.push({
      name,
      inputSize: size,
      width: base.width,
      embedder: base.classifier === undefined,
      tflite: `peers/${file}`,
      roadgate: `peers/roadgate_${name}/model.json`,
    });
  }
  return peers;
}
