/**
 * Timing one variant on one engine for the per-device choice: in a worker of its own, started for
 * it and stopped after, so the running model is never touched and everything the timing loaded
 * is freed with the worker. Frames are noise, cropped and scaled exactly as the frame pump does a
 * camera frame (`squareFrame`): a MobileNet's cost does not depend on what the pixels show.
 */
import { squareFrame } from '../camera/squareFrame.ts';
import { WorkerError, type InferenceClient } from '../inference/client.ts';
import type { CatalogEntry } from '../models/catalog.ts';
import { modelUrl, tfliteUrl } from '../models/fetchCatalog.ts';
import { errorMessage } from '../util/errors.ts';
import { median } from '../util/stats.ts';
import type { TimedBackend, Timing } from './choose.ts';

/** Frames classified before timing starts (caches, JIT, a GPU's first uploads). */
export const WARM_FRAMES = 2;
/** Frames timed; the median of their worker-side ms is the figure. */
export const TIMED_FRAMES = 9;
/** The camera frame the noise stands in for: VGA, the size phone cameras stream by default. */
export const CAMERA_WIDTH = 640;
export const CAMERA_HEIGHT = 480;

/** The worker calls a timing makes. */
export type TimingClient = Pick<InferenceClient, 'load' | 'classify' | 'terminate'>;

/** What a timing needs: a fresh worker, and a frame for a model of input `size` (closed by it). */
export interface TimingDevices {
  spawn: () => TimingClient;
  frame: (size: number) => Promise<ImageBitmap>;
}

/** A camera-sized frame of noise, cropped and scaled for a model of input `size`. */
export async function noiseFrame(size: number): Promise<ImageBitmap> {
  const pixels = new Uint8ClampedArray(CAMERA_WIDTH * CAMERA_HEIGHT * 4);
  const chunk = 65_536; // getRandomValues fills 64 KiB at most per call.
  for (let i = 0; i < pixels.length; i += chunk)
    crypto.getRandomValues(pixels.subarray(i, i + chunk));
  const image = new ImageData(pixels, CAMERA_WIDTH, CAMERA_HEIGHT);
  return squareFrame(image, CAMERA_WIDTH, CAMERA_HEIGHT, size);
}

/**
 * Failures that say nothing lasting about the device: a file that did not arrive, a worker that
 * died or went silent. A choice made beside one is not remembered (the next launch times again).
 */
const PASSING: readonly string[] = ['model-network', 'crashed'];

const aborted = (): DOMException => new DOMException('the timing was stopped', 'AbortError');

/**
 * Times `entry` on `backend` only (no fallback): its median ms per frame, or why it could not
 * run. Rejects with an AbortError when `signal` aborts (the worker is stopped at once).
 */
export async function timeOn(
  entry: CatalogEntry,
  backend: TimedBackend,
  devices: TimingDevices,
  signal: AbortSignal,
): Promise<Timing> {
  if (signal.aborted) throw aborted();
  const client = devices.spawn();
  const stop = () => client.terminate();
  signal.addEventListener('abort', stop, { once: true });
  const pair = { variant: entry.id, backend };
  try {
    await client.load(modelUrl(entry), entry.id, entry.inputSize, backend, tfliteUrl(entry));
    const ms: number[] = [];
    for (let i = 0; i < WARM_FRAMES + TIMED_FRAMES; i++) {
      const result = await client.classify(await devices.frame(entry.inputSize));
      if (i >= WARM_FRAMES) ms.push(result.ms);
    }
    return { ...pair, ms: median(ms) };
  } catch (err) {
    if (signal.aborted) throw aborted();
    const passing = err instanceof WorkerError && PASSING.includes(err.code);
    return { ...pair, error: errorMessage(err), ...(passing && { passing: true }) };
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
  }
}
