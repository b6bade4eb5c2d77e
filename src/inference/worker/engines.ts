/**
 * The worker's engines: which one runs the model, and moving between them. Loads try the integer
 * `.tflite` on LiteRT.js first, else the TF.js model on WebGL → WASM → CPU, keeping why each was
 * passed over; a lost WebGL context moves to WASM; a first visit moves to the integer engine once
 * its runtime has arrived (`UpgradePlan`). An engine moved away from gives its memory back.
 */
import { errorMessage } from '../../util/errors.ts';
import * as tf from '@tensorflow/tfjs-core';
import {
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
import { loadPreferring } from './prefer.ts';
import { UpgradePlan, type UpgradeTarget } from './upgrade.ts';

/** Why a personal model never runs on the integer engine. */
const PERSONAL_ON_TF = 'a personal head runs on TF.js: the .tflite holds the shipped head';

type LoadRequest = Extract<WorkerRequest, { type: 'load' }>;
type Loaded = Awaited<ReturnType<typeof Classifier.load | typeof Int8Classifier.load>>;
/** A model loaded beside the running one, ready to swap in; `later`: an upgrade to plan. */
export interface LoadedModel {
  loaded: Loaded;
  backend: BackendInfo;
  later?: UpgradeTarget | null;
}

export class Engines {
  /** The engine in use, and the model on it. */
  info: BackendInfo | null = null;
  classifier: FrameClassifier | null = null;
  /** The TF.js backend chosen last (kept across model switches). */
  private tfInfo: { order: string; info: BackendInfo } | null = null;
  private contextLost = false;
  /** Bumped whenever TF.js is started afresh or released. */
  private tfGeneration = 0;
  private readonly upgrade = new UpgradePlan((target) => this.startUpgrade(target));

  /**
   * `reply` tells the page of a change of engine; `between` runs a task between two frames.
   */
  constructor(
    private readonly reply: (msg: WorkerReply) => void,
    private readonly between: (task: () => void) => Promise<void>,
  ) {}

  /**
   * TF.js tensors alive, 0 while TF.js has not been started: asking it earlier would start its
   * first backend (WebGL) just to count nothing, and throw where that backend cannot run.
   */
  tensorCount(): number {
    return this.tfInfo ? tf.memory().numTensors : 0;
  }

  private async ensureTfBackend(order: readonly TfBackend[]): Promise<BackendInfo> {
    const key = order.join();
    if (this.tfInfo && this.tfInfo.order === key && !this.contextLost) return this.tfInfo.info;
    this.contextLost = false;
    const chosen = await chooseBackend(order);
    this.tfInfo = { order: key, info: chosen };
    // Only this backend's context counts: a canvas released since must not flag the next one.
    const generation = ++this.tfGeneration;
    if (chosen.backend === 'webgl') {
      watchContextLoss(() => (this.contextLost ||= generation === this.tfGeneration));
    }
    return chosen;
  }

  /**
   * Loads the request's model on the first engine that works, keeping why the others did not. A
   * preferred TF.js backend goes first (`loadPreferring`); the integer engine first is the usual
   * order already.
   */
  async load(req: LoadRequest): Promise<LoadedModel> {
    const { prefer } = req;
    if (prefer && prefer !== 'int8' && !req.backend) {
      return loadPreferring({ ...req, prefer }, (r) => this.load(r));
    }
    const order = req.backend ? [req.backend] : BACKENDS;
    const fallbacks: BackendInfo['fallbacks'] = [];
    let int8Error: unknown = null;
    let later: UpgradeTarget | null = null;
    if (order.includes('int8')) {
      if (req.head) {
        fallbacks.push({ backend: 'int8', reason: PERSONAL_ON_TF });
      } else if (!req.tfliteUrl) {
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
          return { loaded, backend: int8Info(loaded.classifier, fallbacks) };
        } catch (err) {
          fallbacks.push({ backend: 'int8', reason: errorMessage(err) });
          int8Error = err;
        }
      }
    }
    const tfOrder = order.filter((b): b is TfBackend => b !== 'int8');
    const reasons = (err: unknown) =>
      [...fallbacks.map((f) => f.reason), errorMessage(err)].join('; ');
    if (tfOrder.length === 0) {
      if (int8Error instanceof ModelFileError) throw int8Error;
      throw new Error(fallbacks.map((f) => f.reason).join('; '));
    }
    let chosen: BackendInfo;
    try {
      chosen = await this.ensureTfBackend(tfOrder);
    } catch (err) {
      throw new Error(reasons(err), { cause: err });
    }
    try {
      const loaded = await Classifier.load(req.modelUrl, req.variant, req.inputSize, req.head);
      const backend = {
        ...chosen,
        fallbacks: [...fallbacks, ...chosen.fallbacks],
        ...(later && { upgrading: true }),
      };
      return { loaded, backend, later };
    } catch (err) {
      // Name every file that failed: the .tflite (if tried) and model.json.
      if (err instanceof ModelFileError) throw new ModelFileError(err.kind, err.file, reasons(err));
      throw new Error(reasons(err), { cause: err });
    }
  }

  /** Swaps a loaded model in (call between two frames) and frees what the old one held. */
  swapIn({ loaded, backend, later }: LoadedModel): void {
    const old = this.classifier;
    this.classifier = loaded.classifier;
    this.info = backend;
    old?.dispose();
    this.releaseUnused(backend);
    this.upgrade.plan(later ?? null);
  }

  /** A frame was classified (the planned upgrade starts soon after the first). */
  frameClassified(): void {
    this.upgrade.frameClassified();
  }

  /** After a lost WebGL context: move to WASM (then CPU) and reload the model there. */
  async recoverIfContextLost(id: number): Promise<void> {
    if (!this.contextLost || this.info?.backend !== 'webgl') return;
    this.contextLost = false;
    const old = this.classifier;
    this.classifier = null;
    this.info = await chooseBackend(['wasm', 'cpu']);
    this.tfInfo = { order: 'wasm,cpu', info: this.info };
    if (old) {
      this.classifier = (
        await Classifier.load(
          old.modelUrl,
          old.variant,
          old.inputSize,
          old instanceof Classifier ? old.head : undefined,
        )
      ).classifier;
    }
    this.reply({ type: 'backend-changed', id, reason: 'the WebGL context was lost', ...this.info });
  }

  /** An engine the worker moved away from gives its memory back. */
  private releaseUnused(now: BackendInfo): void {
    if (now.backend !== 'int8') {
      releaseRuntime();
    } else if (this.tfInfo) {
      releaseTf();
      this.tfInfo = null;
      this.tfGeneration++;
    }
  }

  /** Loads the integer engine beside the running TF.js model, then moves to it between frames. */
  private startUpgrade(target: Readonly<UpgradeTarget>): void {
    Int8Classifier.load(target.tfliteUrl, target.variant, target.inputSize).then(
      (loaded) => {
        void this.between(() => this.moveToInt8(target, loaded.classifier)).catch(() => undefined);
      },
      (err: unknown) =>
        void this.between(() => this.upgradeFailed(target, err)).catch(() => undefined),
    );
  }

  private upgradeFailed(target: Readonly<UpgradeTarget>, err: unknown): void {
    if (!this.upgrade.isCurrent(target) || !this.info) return;
    this.upgrade.plan(null);
    releaseRuntime();
    this.info = {
      ...this.info,
      upgrading: false,
      fallbacks: [
        { backend: 'int8', reason: errorMessage(err) },
        ...this.info.fallbacks.filter((f) => f.backend !== 'int8'),
      ],
    };
    this.reply({
      type: 'backend-changed',
      id: 0,
      reason: `the integer engine could not start (${errorMessage(err)})`,
      ...this.info,
    });
  }

  private moveToInt8(target: Readonly<UpgradeTarget>, int8: Int8Classifier): void {
    if (!this.upgrade.isCurrent(target) || this.classifier?.variant !== target.variant) {
      int8.dispose(); // Another model was loaded meanwhile.
      return;
    }
    this.upgrade.plan(null);
    this.classifier.dispose();
    this.classifier = int8;
    this.info = int8Info(int8, []);
    this.releaseUnused(this.info);
    this.reply({
      type: 'backend-changed',
      id: 0,
      reason: "the integer engine's runtime has arrived",
      ...this.info,
    });
  }
}

/** What the page is told of the integer engine: its runtime's build and threads. */
function int8Info(int8: Int8Classifier, fallbacks: BackendInfo['fallbacks']): BackendInfo {
  const { runtime } = int8;
  return {
    backend: 'int8',
    fallbacks,
    threads: runtime.threads > 1,
    engine: `LiteRT.js ${runtime.build}`,
    features: runtime.features,
  };
}
