/**
 * The worker boundary, in one file: requests from the page, replies from the worker. Every
 * request carries an id; its reply (or an `error`) carries the same id.
 */
import type { Features } from '../platform/features.ts';
import type { Head } from './teachProtocol.ts';

/**
 * `int8`: the model's `.tflite` on LiteRT.js's integer kernels (CPU); the others are TF.js
 * backends running the float32 model.
 */
export type Backend = 'int8' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/**
 * The order a load tries without a choice. WebGPU is not in it: asking for a GPU adapter wakes
 * the GPU, and whether it beats the others is for timing to say (the per-device choice), or the
 * URL (`?backend=webgpu`).
 */
export const BACKENDS: readonly Backend[] = ['int8', 'webgl', 'wasm', 'cpu'];
/** Every engine a load may be asked for. */
export const ALL_BACKENDS: readonly Backend[] = ['int8', 'webgpu', 'webgl', 'wasm', 'cpu'];
/** The TF.js backends, in the order they are tried. */
export type TfBackend = Exclude<Backend, 'int8'>;
export const TF_BACKENDS: readonly TfBackend[] = ['webgl', 'wasm', 'cpu'];

export interface Scores {
  road: number;
  notRoad: number;
}

export type WorkerRequest =
  | {
      type: 'load';
      id: number;
      /** Absolute URL of the model's model.json. */
      modelUrl: string;
      /** Absolute URL of the same model as an integer `.tflite`, when it has one. */
      tfliteUrl?: string;
      variant: string;
      inputSize: number;
      /** Try only this backend (the URL's `backend=`), else int8 → webgl → wasm → cpu. */
      backend?: Backend;
      /** Try this backend first, then the usual order (the per-device choice). */
      prefer?: Backend;
      /**
       * A personal head (teach mode) in place of the model's own. It runs on TF.js only: the
       * `.tflite` ends in the shipped head.
       */
      head?: Head;
    }
  | { type: 'classify'; id: number; bitmap: ImageBitmap }
  | { type: 'stats'; id: number }
  /** Answered at once, outside the request queue: tells the page the worker is alive. */
  | { type: 'ping'; id: number };

/**
 * Why a request failed. `model-network`: a model file could not be fetched (offline, HTTP
 * error, no answer in time); `model-damaged`: it arrived but is not a model this engine can
 * read; `no-backend`: no engine could start here.
 */
export type ErrorCode =
  'model-network' | 'model-damaged' | 'no-backend' | 'classify' | 'not-loaded';

export interface BackendInfo {
  backend: Backend;
  /** Why each backend before it was passed over. */
  fallbacks: { backend: Backend; reason: string }[];
  /** WASM only: whether its threads are in use. */
  threads: boolean;
  /** The runtime and build behind the engine, where it has a choice (`LiteRT.js threaded`). */
  engine?: string;
  /** A move to the integer engine is planned: its runtime is on its way (a first visit). */
  upgrading?: boolean;
  /** What the worker found this browser can do, which the engine was chosen by. */
  features?: Features;
}

export type WorkerReply =
  | ({
      type: 'loaded';
      id: number;
      variant: string;
      loadMs: number;
      warmupMs: number;
      numTensors: number;
    } & BackendInfo)
  | {
      type: 'result';
      id: number;
      scores: Scores;
      ms: number;
      backend: Backend;
      numTensors: number;
      /** Bytes the engine holds in the worker (FrameClassifier.memoryBytes). */
      memoryBytes: number;
    }
  | { type: 'stats'; id: number; numTensors: number; backend: Backend | null }
  | { type: 'pong'; id: number }
  | ({ type: 'backend-changed'; id: number; reason: string } & BackendInfo)
  /** `file`: the model file at fault (its URL), for the model-* codes. */
  | { type: 'error'; id: number; code: ErrorCode; message: string; file?: string };

/** Compile-time exhaustiveness: a `switch` over a union ends in `assertNever(x)`. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
