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

async function run(
  variant: string,
  modelUrl: string,
  inputSize: number,
  backend: Backend,
  runs: number,
): Promise<BenchRun> {
  const client = new InferenceClient();
  try {
    const loaded = await client.load(
      new URL(modelUrl, location.href).href,
      variant,
      inputSize,
      backend,
    );
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
document.body.dataset.ready = 'true';
