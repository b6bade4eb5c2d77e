/// <reference lib="webworker" />
/**
 * The inference worker: one model at a time on the best backend that works. Requests are handled
 * in arrival order; a frame's bitmap is closed on every path.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  assertNever,
  type Backend,
  type BackendInfo,
  type WorkerReply,
  type WorkerRequest,
} from '../protocol.ts';
import { chooseBackend, watchContextLoss } from './backends.ts';
import { Classifier } from './classifier.ts';

declare const self: DedicatedWorkerGlobalScope;

let info: BackendInfo | null = null;
let requested: Backend | undefined;
let classifier: Classifier | null = null;
let contextLost = false;

const reply = (msg: WorkerReply): void => self.postMessage(msg);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function ensureBackend(backend: Backend | undefined): Promise<BackendInfo> {
  if (info && requested === backend && !contextLost) return info;
  requested = backend;
  info = await chooseBackend(backend ? [backend] : undefined);
  if (info.backend === 'webgl') watchContextLoss(() => (contextLost = true));
  return info;
}

/** After a lost WebGL context: move to WASM (then CPU) and reload the model there. */
async function recoverFromContextLoss(id: number): Promise<void> {
  contextLost = false;
  const old = classifier;
  classifier = null;
  info = await chooseBackend(['wasm', 'cpu']);
  if (old) {
    classifier = (await Classifier.load(old.modelUrl, old.variant, old.inputSize)).classifier;
  }
  reply({ type: 'backend-changed', id, reason: 'the WebGL context was lost', ...info });
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load': {
      let backend: BackendInfo;
      try {
        backend = await ensureBackend(req.backend);
      } catch (err) {
        reply({ type: 'error', id: req.id, code: 'no-backend', message: message(err) });
        return;
      }
      try {
        const loaded = await Classifier.load(req.modelUrl, req.variant, req.inputSize);
        classifier?.dispose();
        classifier = loaded.classifier;
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
        reply({ type: 'error', id: req.id, code: 'model-load', message: message(err) });
      }
      return;
    }
    case 'classify': {
      try {
        if (contextLost) await recoverFromContextLoss(req.id);
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
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  queue = queue.then(() => handle(e.data));
};
