/// <reference lib="webworker" />
/**
 * The inference worker: one model at a time on the first engine that works: the integer
 * `.tflite` on MediaPipe, else the TF.js model on WebGL → WASM → CPU. Requests are handled in
 * arrival order; a frame's bitmap is closed on every path.
 */
// First: the origin wall is up before any library below is evaluated.
import './originWall.ts';
import * as tf from '@tensorflow/tfjs-core';
import {
  assertNever,
  BACKENDS,
  type BackendInfo,
  type TfBackend,
  type WorkerReply,
  type WorkerRequest,
} from '../protocol.ts';
import { chooseBackend, watchContextLoss } from './backends.ts';
import { Classifier, type FrameClassifier } from './classifier.ts';
import { Int8Classifier } from './int8.ts';
import { ModelFileError } from './modelFile.ts';

declare const self: DedicatedWorkerGlobalScope;

/** The engine in use, and the TF.js backend chosen last (kept across model switches). */
let info: BackendInfo | null = null;
let tfInfo: { order: string; info: BackendInfo } | null = null;
let classifier: FrameClassifier | null = null;
let contextLost = false;

const reply = (msg: WorkerReply): void => self.postMessage(msg);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function ensureTfBackend(order: readonly TfBackend[]): Promise<BackendInfo> {
  const key = order.join();
  if (tfInfo && tfInfo.order === key && !contextLost) return tfInfo.info;
  const chosen = await chooseBackend(order);
  tfInfo = { order: key, info: chosen };
  if (chosen.backend === 'webgl') watchContextLoss(() => (contextLost = true));
  return chosen;
}

/** Loads the request's model on the first engine that works, keeping why the others did not. */
async function loadModel(req: Extract<WorkerRequest, { type: 'load' }>) {
  const order = req.backend ? [req.backend] : BACKENDS;
  const fallbacks: BackendInfo['fallbacks'] = [];
  let int8Error: unknown = null;
  if (order.includes('int8')) {
    if (!req.tfliteUrl) {
      fallbacks.push({ backend: 'int8', reason: `${req.variant} has no .tflite file` });
    } else {
      try {
        const loaded = await Int8Classifier.load(req.tfliteUrl, req.variant, req.inputSize);
        return { loaded, backend: { backend: 'int8' as const, fallbacks, threads: false } };
      } catch (err) {
        fallbacks.push({ backend: 'int8', reason: message(err) });
        int8Error = err;
      }
    }
  }
  const tfOrder = order.filter((b): b is TfBackend => b !== 'int8');
  const reasons = (err: unknown) => [...fallbacks.map((f) => f.reason), message(err)].join('; ');
  if (tfOrder.length === 0) {
    if (int8Error instanceof ModelFileError) throw int8Error;
    throw new Error(fallbacks.map((f) => f.reason).join('; '));
  }
  let chosen: BackendInfo;
  try {
    chosen = await ensureTfBackend(tfOrder);
  } catch (err) {
    throw new Error(reasons(err), { cause: err });
  }
  try {
    const loaded = await Classifier.load(req.modelUrl, req.variant, req.inputSize);
    return { loaded, backend: { ...chosen, fallbacks: [...fallbacks, ...chosen.fallbacks] } };
  } catch (err) {
    // Name every file that failed: the .tflite (if tried) and model.json.
    if (err instanceof ModelFileError) throw new ModelFileError(err.kind, err.file, reasons(err));
    throw new Error(reasons(err), { cause: err });
  }
}

/** After a lost WebGL context: move to WASM (then CPU) and reload the model there. */
async function recoverFromContextLoss(id: number): Promise<void> {
  contextLost = false;
  const old = classifier;
  classifier = null;
  info = await chooseBackend(['wasm', 'cpu']);
  tfInfo = { order: 'wasm,cpu', info };
  if (old) {
    classifier = (await Classifier.load(old.modelUrl, old.variant, old.inputSize)).classifier;
  }
  reply({ type: 'backend-changed', id, reason: 'the WebGL context was lost', ...info });
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load': {
      try {
        const { loaded, backend } = await loadModel(req);
        classifier?.dispose();
        classifier = loaded.classifier;
        info = backend;
        reply({
          type: 'loaded',
          id: req.id,
          variant: req.variant,
          loadMs: loaded.loadMs,
          warmupMs: loaded.warmupMs,
          numTensors: tf.memory().numTensors,
          ...backend,
        });
      } catch (err) {
        if (err instanceof ModelFileError) {
          const code = err.kind === 'network' ? 'model-network' : 'model-damaged';
          reply({ type: 'error', id: req.id, code, message: err.message, file: err.file });
        } else {
          reply({ type: 'error', id: req.id, code: 'no-backend', message: message(err) });
        }
      }
      return;
    }
    case 'classify': {
      try {
        if (contextLost && info?.backend === 'webgl') await recoverFromContextLoss(req.id);
        if (!classifier || !info) {
          reply({ type: 'error', id: req.id, code: 'not-loaded', message: 'no model is loaded' });
          return;
        }
        const t0 = performance.now();
        const scores = await classifier.classify(req.bitmap);
        reply({
          type: 'result',
          id: req.id,
          scores,
          ms: performance.now() - t0,
          backend: info.backend,
          numTensors: tf.memory().numTensors,
        });
      } catch (err) {
        reply({ type: 'error', id: req.id, code: 'classify', message: message(err) });
      } finally {
        req.bitmap.close();
      }
      return;
    }
    case 'ping':
      reply({ type: 'pong', id: req.id });
      return;
    case 'stats':
      reply({
        type: 'stats',
        id: req.id,
        numTensors: tf.memory().numTensors,
        backend: info?.backend ?? null,
      });
      return;
    default:
      assertNever(req);
  }
}

// One request at a time, in order: a switch of model never interleaves with a frame.
// A ping is answered at once, even during a long load: the page's watchdog tells a busy worker
// from a dead one by it.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  if (e.data.type === 'ping') void handle(e.data);
  else queue = queue.then(() => handle(e.data));
};
