/**
 * The harness page's `window` API, typed once: the page (page.ts) implements it, and every Node
 * call site reaches it through `callHarness` (driver.ts), never through a cast of its own.
 */
import type { Backend } from '../../src/inference/protocol.ts';

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

export interface PeerRun {
  peer: string;
  loadMs: number;
  firstMs: number;
  latencies: number[];
  error: string | null;
  /** Roadgate's model in its worker, timed in rounds alternating with the peer's. */
  ours: { latencies: number[]; error: string | null };
}

/** Roadgate's model for `mediapipeBench` to time against the peer: its URLs and backend. */
export interface OurModel {
  variant: string;
  modelUrl: string;
  tfliteUrl?: string;
  backend: Backend;
}

/** What the page puts on `window`. URLs are relative to the page. */
export interface HarnessApi {
  /** Loads a variant in Roadgate's worker on `backend` and times `runs` classifications. */
  roadgateBench(
    variant: string,
    modelUrl: string,
    inputSize: number,
    backend: Backend,
    runs: number,
    tfliteUrl?: string,
  ): Promise<BenchRun>;
  /** Loads a model for `roadgateClassify` (replacing the one loaded before). */
  roadgateOpen(
    variant: string,
    modelUrl: string,
    inputSize: number,
    backend: Backend,
    tfliteUrl?: string,
  ): Promise<{ backend: Backend; fallbacks: string[] }>;
  /** [road, not-road] per image: RGB bytes (base64) already at the model's input size. */
  roadgateClassify(images: string[]): Promise<[number, number][]>;
  /** A `.tflite` file in MediaPipe Tasks, with `ours` timed in alternating rounds. */
  mediapipeBench(
    tfliteUrl: string,
    size: number,
    runs: number,
    embedder: boolean,
    ours?: OurModel,
  ): Promise<PeerRun>;
  /** This CPU's float32 limit: GFLOP/s of an n×n matMul through TF.js WASM, best of `reps`. */
  matmulPeak(n: number, reps: number): Promise<{ gflops: number; threads: boolean }>;
}
