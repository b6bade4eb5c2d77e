/**
 * The benchmark's page: loads a catalog variant in Roadgate's own inference worker on one backend
 * and times classifications end to end (frame in, probabilities back in JavaScript), the way the
 * app does. `npm run bench` (tools/cli/bench.ts) drives it through `window.roadgateBench`.
 */
import { InferenceClient } from '../src/inference/client.ts';
import type { Backend } from '../src/inference/protocol.ts';

export interface BenchRun {
  variant: string;
  backend: Backend;
  threads: boolean;
  crossOriginIsolated: boolean;
  loadMs: number;
  /** The first inference (shader compilation, WASM allocation), timed inside load. */
  warmupMs: number;
  /** Each later inference, ms, as the worker measured it (readback included). */
  latencies: number[];
  /** The same, measured on the page around the round trip (transfer and messaging included). */
  roundTrips: number[];
  fallbacks: string[];
}

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

async function run(
  variant: string,
  modelUrl: string,
  inputSize: number,
  backend: Backend,
  runs: number,
  tfliteUrl?: string,
): Promise<BenchRun> {
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
}

(window as unknown as { roadgateBench: typeof run }).roadgateBench = run;

/**
 * Classification of real images in the worker, for the tools' accuracy checks: `open` loads a
 * model on one backend, `classify` takes RGB pixels (base64, already cropped and resized to the
 * input size, as the Node tools prepare them) and returns [road, not-road] per image.
 */
let session: { client: InferenceClient; inputSize: number } | null = null;

async function open(
  variant: string,
  modelUrl: string,
  inputSize: number,
  backend: Backend,
  tfliteUrl?: string,
): Promise<{ backend: Backend; fallbacks: string[] }> {
  session?.client.terminate();
  const client = new InferenceClient();
  session = { client, inputSize };
  const loaded = await load(client, variant, modelUrl, inputSize, backend, tfliteUrl);
  return {
    backend: loaded.backend,
    fallbacks: loaded.fallbacks.map((f) => `${f.backend}: ${f.reason}`),
  };
}

async function classify(images: string[]): Promise<[number, number][]> {
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
}

Object.assign(window, { roadgateOpen: open, roadgateClassify: classify });
document.body.dataset.ready = 'true';

export interface PeerRun {
  peer: string;
  loadMs: number;
  firstMs: number;
  latencies: number[];
  error: string | null;
  /** Roadgate's model in its worker, timed in rounds alternating with the peer's. */
  ours: { latencies: number[]; error: string | null };
}

/** Rounds the peer and Roadgate alternate in, so a load spike on the machine hits both alike. */
const ROUNDS = 5;

/**
 * The same .tflite file in MediaPipe Tasks (its WASM served by the harness itself, CPU
 * delegate): an ImageClassifier for files with a classifier, an ImageEmbedder for the
 * embedding extractor. The input is already at the model's size, as Roadgate's is. With
 * `ours`, that Roadgate model (its backend as given) is timed in alternating rounds.
 */
async function mediapipe(
  tfliteUrl: string,
  size: number,
  runs: number,
  embedder: boolean,
  ours?: { variant: string; modelUrl: string; tfliteUrl?: string; backend: Backend },
): Promise<PeerRun> {
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
}

(window as unknown as { mediapipeBench: typeof mediapipe }).mediapipeBench = mediapipe;

/**
 * This CPU's practical float32 limit through the same WASM kernels (XNNPACK): the GFLOP/s of a
 * large matrix product, best of `reps`. Threads when the page is cross-origin isolated.
 */
async function matmulPeak(n: number, reps: number): Promise<{ gflops: number; threads: boolean }> {
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
}

(window as unknown as { matmulPeak: typeof matmulPeak }).matmulPeak = matmulPeak;
