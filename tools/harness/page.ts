/**
 * The harness page, built by vite.bench.config.ts into dist-bench/: loads a catalog variant in
 * Roadgate's own inference worker on one backend and times classifications end to end (frame
 * in, probabilities back in JavaScript), the way the app does; classifies real images for the
 * int8 check; times MediaPipe Tasks as the peer. It implements `HarnessApi` (api.ts) on
 * `window`; driver.ts drives it from Node.
 */
import { InferenceClient } from '../../src/inference/client.ts';
import type { Backend } from '../../src/inference/protocol.ts';
import type { HarnessApi } from './api.ts';

async function frame(size: number): Promise<ImageBitmap> {
  const data = new ImageData(size, size);
  for (let i = 0; i < data.data.length; i++) data.data[i] = (i * 31) % 256;
  return createImageBitmap(data);
}

const absolute = (url: string): string => new URL(url, location.href).href;

/** Loads a model in `client`'s worker from URLs relative to this page. */
function load(
  client: InferenceClient,
  variant: string,
  modelUrl: string,
  inputSize: number,
  backend: Backend,
  tfliteUrl: string | undefined,
) {
  return client.load(
    absolute(modelUrl),
    variant,
    inputSize,
    backend,
    tfliteUrl === undefined ? undefined : absolute(tfliteUrl),
  );
}

const run: HarnessApi['roadgateBench'] = async (
  variant,
  modelUrl,
  inputSize,
  backend,
  runs,
  tfliteUrl,
) => {
  const client = new InferenceClient();
  try {
    const loaded = await load(client, variant, modelUrl, inputSize, backend, tfliteUrl);
    const latencies: number[] = [];
    const roundTrips: number[] = [];
    for (let i = 0; i < runs; i++) {
      const bitmap = await frame(inputSize);
      const t0 = performance.now();
      const r = await client.classify(bitmap);
      roundTrips.push(performance.now() - t0);
      latencies.push(r.ms);
    }
    return {
      variant,
      backend: loaded.backend,
      threads: loaded.threads,
      crossOriginIsolated,
      loadMs: loaded.loadMs,
      warmupMs: loaded.warmupMs,
      latencies,
      roundTrips,
      fallbacks: loaded.fallbacks.map((f) => `${f.backend}: ${f.reason}`),
    };
  } finally {
    client.terminate();
  }
};

/**
 * Classification of real images in the worker, for the tools' accuracy checks: `open` loads a
 * model on one backend, `classify` takes RGB pixels (base64, already cropped and resized to the
 * input size, as the Node tools prepare them) and returns [road, not-road] per image.
 */
let session: { client: InferenceClient; inputSize: number } | null = null;

const open: HarnessApi['roadgateOpen'] = async (
  variant,
  modelUrl,
  inputSize,
  backend,
  tfliteUrl,
) => {
  session?.client.terminate();
  const client = new InferenceClient();
  session = { client, inputSize };
  const loaded = await load(client, variant, modelUrl, inputSize, backend, tfliteUrl);
  return {
    backend: loaded.backend,
    fallbacks: loaded.fallbacks.map((f) => `${f.backend}: ${f.reason}`),
  };
};

const classify: HarnessApi['roadgateClassify'] = async (images) => {
  if (!session) throw new Error('call roadgateOpen first');
  const { client, inputSize } = session;
  const out: [number, number][] = [];
  for (const b64 of images) {
    const rgb = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const rgba = new ImageData(inputSize, inputSize);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba.data.set(rgb.subarray(i, i + 3), j);
      rgba.data[j + 3] = 255;
    }
    const r = await client.classify(await createImageBitmap(rgba));
    out.push([r.scores.road, r.scores.notRoad]);
  }
  return out;
};

/** Rounds the peer and Roadgate alternate in, so a load spike on the machine hits both alike. */
const ROUNDS = 5;

/**
 * The same .tflite file in MediaPipe Tasks (its WASM served by the harness itself, CPU
 * delegate): an ImageClassifier for files with a classifier, an ImageEmbedder for the
 * embedding extractor. The input is already at the model's size, as Roadgate's is. With
 * `ours`, that Roadgate model (its backend as given) is timed in alternating rounds.
 */
const mediapipe: HarnessApi['mediapipeBench'] = async (tfliteUrl, size, runs, embedder, ours) => {
  const { FilesetResolver, ImageClassifier, ImageEmbedder } =
    await import('@mediapipe/tasks-vision');
  const peer = `MediaPipe Tasks ${embedder ? 'ImageEmbedder' : 'ImageClassifier'} (CPU)`;
  try {
    const t0 = performance.now();
    const fileset = await FilesetResolver.forVisionTasks(
      new URL('mediapipe-wasm', location.href).href,
    );
    const baseOptions = {
      modelAssetPath: new URL(tfliteUrl, location.href).href,
      delegate: 'CPU' as const,
    };
    const task = embedder
      ? await ImageEmbedder.createFromOptions(fileset, { baseOptions, runningMode: 'IMAGE' })
      : await ImageClassifier.createFromOptions(fileset, {
          baseOptions,
          runningMode: 'IMAGE',
          maxResults: 2,
        });
    const loadMs = performance.now() - t0;
    const data = new ImageData(size, size);
    for (let i = 0; i < data.data.length; i++) data.data[i] = (i * 31) % 256;
    const once = () => {
      const t = performance.now();
      if (task instanceof ImageEmbedder) task.embed(data);
      else task.classify(data);
      return performance.now() - t;
    };
    const firstMs = once();
    const client = ours ? new InferenceClient() : null;
    const mine = { latencies: [] as number[], error: null as string | null };
    try {
      if (client && ours) {
        await load(client, ours.variant, ours.modelUrl, size, ours.backend, ours.tfliteUrl);
      }
    } catch (err) {
      mine.error = err instanceof Error ? err.message : String(err);
    }
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const n = Math.ceil(((round + 1) * runs) / ROUNDS) - Math.ceil((round * runs) / ROUNDS);
      for (let i = 0; i < n; i++) latencies.push(once());
      for (let i = 0; client && !mine.error && i < n; i++) {
        mine.latencies.push((await client.classify(await frame(size))).ms);
      }
    }
    client?.terminate();
    task.close();
    return { peer, loadMs, firstMs, latencies, error: null, ours: mine };
  } catch (err) {
    return {
      peer,
      loadMs: NaN,
      firstMs: NaN,
      latencies: [],
      error: err instanceof Error ? err.message : String(err),
      ours: { latencies: [], error: null },
    };
  }
};

/**
 * This CPU's practical float32 limit through the same WASM kernels (XNNPACK): the GFLOP/s of a
 * large matrix product, best of `reps`. Threads when the page is cross-origin isolated.
 */
const matmulPeak: HarnessApi['matmulPeak'] = async (n, reps) => {
  const tf = await import('@tensorflow/tfjs-core');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const plain = (await import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'))
    .default;
  const simd = (await import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'))
    .default;
  const threaded = (
    await import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url')
  ).default;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plain,
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded,
  });
  if (!crossOriginIsolated) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend('wasm');
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  let best = Infinity;
  for (let i = 0; i < reps + 1; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const ms = performance.now() - t0;
    c.dispose();
    if (i > 0) best = Math.min(best, ms);
  }
  tf.dispose([a, b]);
  return { gflops: (2 * n ** 3) / (best / 1000) / 1e9, threads: crossOriginIsolated };
};

const api: HarnessApi = {
  roadgateBench: run,
  roadgateOpen: open,
  roadgateClassify: classify,
  mediapipeBench: mediapipe,
  matmulPeak,
};
Object.assign(window, api);
document.body.dataset.ready = 'true';
