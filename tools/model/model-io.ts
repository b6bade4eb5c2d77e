/**
 * Writing and reading Roadgate models on disk in TF.js layers format (model.json + binary
 * shards), loadable in the browser with the stock `tf.loadLayersModel`.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, tfl } from '../common/tf.ts';
import type { Quantization } from '../../src/models/catalog.ts';
import type { QuantGrid } from '../tflite/reader.ts';
import { quantizeUint8, toFloat16Bits } from './quantize.ts';

/** Shards of at most 1 MiB: small enough for service-worker caching and partial retries. */
export const SHARD_BYTES = 1024 * 1024;

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'uint8'; scale: number; min: number } | { dtype: 'float16' };
}

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (out.set(new Uint8Array(p), at), at + p.byteLength), 0);
  return out;
}

/**
 * Saves `model` into `dir` (replacing earlier model.json and shards there). Kernels are uint8 with
 * `grids` kept where given; biases are float16 under uint8 (a per-tensor uint8 grid over a bias
 * costs accuracy for a few bytes). Returns the bytes of the weight files.
 */
export async function saveModel(
  model: tfl.LayersModel,
  dir: string,
  quantization: Quantization,
  grids: Record<string, QuantGrid> = {},
): Promise<{ weightBytes: number; files: string[] }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('model has no weights');
  const raw = joinBuffers(artifacts.weightData);
  const chunks: Uint8Array[] = [];
  const entries: ManifestEntry[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(raw.slice(offset, offset + 4 * count).buffer);
    offset += 4 * count;
    const isBias = spec.name.endsWith('/bias');
    const entry: ManifestEntry = { name: spec.name, shape: spec.shape, dtype: 'float32' };
    if (quantization === 'uint8' && !isBias) {
      const q = quantizeUint8(values, grids[spec.name]);
      entry.quantization = { dtype: 'uint8', scale: q.scale, min: q.min };
      chunks.push(q.q);
    } else if (quantization !== 'none') {
      entry.quantization = { dtype: 'float16' };
      chunks.push(new Uint8Array(Uint16Array.from(values, toFloat16Bits).buffer));
    } else {
      chunks.push(new Uint8Array(values.buffer));
    }
    entries.push(entry);
  }
  const all = joinBuffers(chunks.map((c) => c.slice().buffer));
  const shardCount = Math.max(1, Math.ceil(all.length / SHARD_BYTES));
  const paths = Array.from(
    { length: shardCount },
    (_, i) => `group1-shard${i + 1}of${shardCount}.bin`,
  );

  await mkdir(dir, { recursive: true });
  for (const f of await readdir(dir)) {
    if (/^group\d+-shard\d+of\d+(\.bin)?$/.test(f) || f === 'model.json') await rm(join(dir, f));
  }
  await Promise.all(
    paths.map((p, i) =>
      writeFile(join(dir, p), all.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES)),
    ),
  );
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: 'roadgate retrain',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths, weights: entries }],
  };
  await writeFile(join(dir, 'model.json'), `${JSON.stringify(json)}\n`);
  return { weightBytes: all.length, files: ['model.json', ...paths] };
}

/** Loads a model folder written by `saveModel` (or any TF.js layers model folder) from disk. */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  const jsonPath = join(dir, 'model.json');
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new Error(`cannot read ${jsonPath}: ${(err as Error).message.split('\n')[0]}`, {
      cause: err,
    });
  }
  const handler: tf.io.IOHandler = {
    load: async () => {
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const parts = await Promise.all(
        json.weightsManifest
          .flatMap((g) => g.paths)
          .map(async (p) => {
            try {
              return await readFile(join(dir, p));
            } catch {
              throw new Error(`model weight file missing: ${join(dir, p)}`);
            }
          }),
      );
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: joinBuffers(
          parts.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer),
        ).buffer as ArrayBuffer,
      };
    },
  };
  return tfl.loadLayersModel(handler);
}
