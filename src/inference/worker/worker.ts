/// <reference lib="webworker" />
/**
 * The inference worker: one model at a time on the first engine that works: the integer
 * `.tflite` on LiteRT.js, else the TF.js model on WebGL → WASM → CPU. Requests are handled in
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
import { chooseBackend, releaseTf, watchContextLoss } from './backends.ts';
import { Classifier, type FrameClassifier } from './classifier.ts';
import { Int8Classifier } from './int8.ts';
import { releaseRuntime, runtimeIsLocal } from './litert.ts';
import { ModelFileError } from './modelFile.ts';

declare const self: DedicatedWorkerGlobalScope;

/** The engine in use, and the TF.js backend chosen last (kept across model switches). */
let info: BackendInfo | null = null;
let tfInfo: { order: string; info: BackendInfo } | null = null;
let classifier: FrameClassifier | null = null;
let contextLost = false;
/** Bumped whenever TF.js is started afresh or released. */
let tfGeneration = 0;

/**
 * On a first visit the integer engine's runtime (2.8 MB gzipped) is not here yet: the model
 * starts on TF.js, and this says what to move to once the runtime has come. The download starts
 * a second after the first classified frame, so that it does not compete with the first verdict,
 * or `UPGRADE_IDLE_MS` after the load when no frame comes.
 */
interface Upgrade {
  tfliteUrl: string;
  variant: string;
  inputSize: number;
  started: boolean;
  afterFrame: boolean;
  timer: ReturnType<typeof setTimeout>;
}
let upgrade: Upgrade | null = null;
const UPGRADE_IDLE_MS = 10_000;
const UPGRADE_AFTER_FRAME_MS = 1_000;

const reply = (msg: WorkerReply): void => self.postMessage(msg);
/**
 * TF.js tensors alive, 0 while TF.js has not been started: asking it earlier would start its
 * first backend (WebGL) just to count nothing, and throw where that backend cannot run.
 */
const tensorCount = (): number => (tfInfo ? tf.memory().numTensors : 0);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function ensureTfBackend(order: readonly TfBackend[]): Promise<BackendInfo> {
  const key = order.join();
  if (tfInfo && tfInfo.order === key && !contextLost) return tfInfo.info;
  contextLost = false;
  const chosen = await chooseBackend(order);
  tfInfo = { order: key, info: chosen };
  // Only this backend's context counts: a canvas released since must not flag the next one.
  const generation = ++tfGeneration;
  if (chosen.backend === 'webgl') {
    watchContextLoss(() => (contextLost ||= generation === tfGeneration));
  }
  return chosen;
}

/** Loads the request's model on the first engine that works, keeping why the others did not. */
async function loadModel(req: Extract<WorkerRequest, { type: 'load' }>) {
  const order = req.backend ? [req.backend] : BACKENDS;
  const fallbacks: BackendInfo['fallbacks'] = [];
  let int8Error: unknown = null;
  let later: Omit<Upgrade, 'started' | 'afterFrame' | 'timer'> | null = null;
  if (order.includes('int8')) {
    if (!req.tfliteUrl) {
      fallbacks.push({ backend: 'int8', reason: `${req.variant} has no .tflite file` });
    } else if (!req.backend && !(await runtimeIsLocal())) {
      fallbacks.push({
        backend: 'int8',
        reason: 'its runtime is not on this device yet: TF.js runs until it has arrived',
      });
      later = { tfliteUrl: req.tfliteUrl, variant: req.variant, inputSize: req.inputSize };
    } else {
      try {
        const loaded = await Int8Classifier.load(req.tfliteUrl, req.variant, req.inputSize);
        const { runtime } = loaded.classifier;
        const backend = { backend: 'int8' as const, fallbacks, threads: runtime.threads > 1 };
        return { loaded, backend: { ...backend, engine: `LiteRT.js ${runtime.build}` } };
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
    const backend = { ...chosen, fallbacks: [...fallbacks, ...chosen.fallbacks] };
    return { loaded, backend, later };
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

/** An engine the worker moved away from gives its memory back. */
function releaseUnused(now: BackendInfo): void {
  if (now.backend !== 'int8') {
    releaseRuntime();
  } else if (tfInfo) {
    releaseTf();
    tfInfo = null;
    tfGeneration++;
  }
}

function planUpgrade(next: Omit<Upgrade, 'started' | 'afterFrame' | 'timer'> | null): void {
  if (upgrade) clearTimeout(upgrade.timer);
  upgrade = null;
  if (!next) return;
  const planned: Upgrade = {
    ...next,
    started: false,
    afterFrame: false,
    timer: setTimeout(() => startUpgrade(planned), UPGRADE_IDLE_MS),
  };
  upgrade = planned;
}

/** The first verdict is on screen a moment after its frame's reply: start just after it. */
function soonAfterFirstFrame(u: Upgrade): void {
  if (u.afterFrame) return;
  u.afterFrame = true;
  clearTimeout(u.timer);
  u.timer = setTimeout(() => startUpgrade(u), UPGRADE_AFTER_FRAME_MS);
}

/** Loads the integer engine beside the running TF.js model, then moves to it between frames. */
function startUpgrade(u: Upgrade): void {
  if (u.started || upgrade !== u) return;
  u.started = true;
  clearTimeout(u.timer);
  Int8Classifier.load(u.tfliteUrl, u.variant, u.inputSize).then(
    (loaded) => {
      void between(() => moveToInt8(u, loaded.classifier)).catch(() => undefined);
    },
    (err: unknown) => void between(() => upgradeFailed(u, err)).catch(() => undefined),
  );
}

function upgradeFailed(u: Upgrade, err: unknown): void {
  if (upgrade !== u || !info) return;
  upgrade = null;
  releaseRuntime();
  info = {
    ...info,
    fallbacks: [
      { backend: 'int8', reason: message(err) },
      ...info.fallbacks.filter((f) => f.backend !== 'int8'),
    ],
  };
  reply({
    type: 'backend-changed',
    id: 0,
    reason: `the integer engine could not start (${message(err)})`,
    ...info,
  });
}

function moveToInt8(u: Upgrade, int8: Int8Classifier): void {
  if (upgrade !== u || classifier?.variant !== u.variant) {
    int8.dispose(); // Another model was loaded meanwhile.
    return;
  }
  upgrade = null;
  classifier.dispose();
  classifier = int8;
  const { runtime } = int8;
  info = {
    backend: 'int8',
    fallbacks: [],
    threads: runtime.threads > 1,
    engine: `LiteRT.js ${runtime.build}`,
  };
  releaseUnused(info);
  reply({
    type: 'backend-changed',
    id: 0,
    reason: "the integer engine's runtime has arrived",
    ...info,
  });
}

/**
 * Loads a model beside the running one (frames go on meanwhile: a download can take seconds),
 * then swaps it in between two frames and frees what the old one held.
 */
async function load(req: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  let result: Awaited<ReturnType<typeof loadModel>>;
  try {
    result = await loadModel(req);
  } catch (err) {
    if (err instanceof ModelFileError) {
      const code = err.kind === 'network' ? 'model-network' : 'model-damaged';
      reply({ type: 'error', id: req.id, code, message: err.message, file: err.file });
    } else {
      reply({ type: 'error', id: req.id, code: 'no-backend', message: message(err) });
    }
    return;
  }
  const { loaded, backend, later } = result;
  await between(() => {
    const old = classifier;
    classifier = loaded.classifier;
    info = backend;
    old?.dispose();
    releaseUnused(backend);
    planUpgrade(later ?? null);
    reply({
      type: 'loaded',
      id: req.id,
      variant: req.variant,
      loadMs: loaded.loadMs,
      warmupMs: loaded.warmupMs,
      numTensors: tensorCount(),
      ...backend,
    });
  });
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load':
      await load(req);
      return;
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
          numTensors: tensorCount(),
          memoryBytes: classifier.memoryBytes(),
        });
        if (upgrade && !upgrade.started) soonAfterFirstFrame(upgrade);
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
        numTensors: tensorCount(),
        backend: info?.backend ?? null,
      });
      return;
    default:
      assertNever(req);
  }
}

/**
 * Frames and engine swaps run one at a time, in order, so a swap never lands inside a frame;
 * loads run one at a time beside them; a ping is answered at once, even during a long load (the
 * page's watchdog tells a busy worker from a dead one by it). A task that throws is reported and
 * does not stop the ones after it.
 */
let queue: Promise<void> = Promise.resolve();
let loads: Promise<void> = Promise.resolve();
const report = (err: unknown) => console.error('Roadgate worker:', message(err));

/** Runs `task` between two frames; resolves when it has run. */
function between(task: () => void | Promise<void>): Promise<void> {
  const run = queue.then(task);
  queue = run.catch(report);
  return run;
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  if (req.type === 'ping') void handle(req);
  else if (req.type === 'load') loads = loads.then(() => handle(req)).catch(report);
  else void between(() => handle(req)).catch(() => undefined);
};
