/**
 * Teach mode, outside React: examples from the live camera (hold to record) or picked files go
 * to the teach worker as the model's input squares; Train fits a personal head there; the result
 * is kept (IndexedDB) and put in use unless `judge` holds it back (worse on the held-back
 * examples, or by more than noise on the repository's test photos). The teach worker lives while
 * teach mode is open; every reply is checked against the worker it came from, so a reply that
 * comes after a close (or a reopen) changes nothing.
 */
import { Store } from '../controller/store.ts';
import type { Roadgate } from '../controller/roadgate.ts';
import type { TeachClient } from '../inference/teachClient.ts';
import type { ExampleCounts, LabelIndex } from '../inference/teachProtocol.ts';
import { modelUrl } from '../models/fetchCatalog.ts';
import { TF_BACKENDS, type Backend, type TfBackend } from '../inference/protocol.ts';
import type { Timing } from '../fit/choose.ts';
import type { CatalogEntry } from '../models/catalog.ts';
import { errorMessage } from '../util/errors.ts';
import { shortfall } from './heldBack.ts';
import { personalId, personalName, type Comparison, type PersonalModel } from './personalFile.ts';
import { fileFrames } from './fileFrames.ts';
import { ANCHOR_FILE, CHECK_FILE, parseCheckSet, type CheckSet } from './checkSet.ts';
import { judge, type Judgement } from './judge.ts';
import { siblingUrl } from '../models/urls.ts';
import { featureLength } from '../models/variants.ts';

/** Frames a held record button adds per second: neighbours differ, and 60 s give 240. */
export const RECORD_FPS = 4;
/** The name a first personal model is offered. */
export const DEFAULT_NAME = 'my car';

export type TeachPhase = 'closed' | 'opening' | 'ready' | 'training' | 'done' | 'error';

export interface TeachSnapshot {
  phase: TeachPhase;
  /** The shipped variant whose features the examples are. */
  base: string | null;
  counts: ExampleCounts;
  /** The label being recorded from the camera, if any. */
  recording: LabelIndex | null;
  /** Files being read: how many of how many. */
  reading: { done: number; total: number } | null;
  /** Files that could not be read, each `name: why`. */
  skipped: readonly string[];
  /** 0..1 while training. */
  progress: number;
  /**
   * The repository's photos as features (`checkSet.ts`): test photos to check a personal head on,
   * training photos to rehearse; `none` with why when either could not be had.
   */
  check: { state: 'loading' | 'ready' | 'none'; why: string | null };
  /** Where the features are computed, and how long the last example took, ms. */
  engine: { backend: Backend; featureMs: number | null } | null;
  /** Bumped at each open and each finished training (the panel offers a fresh name then). */
  round: number;
  /** The last training's model (kept), its comparisons, the judgement and time. */
  result: {
    name: string;
    heldBack: Comparison;
    check?: Comparison;
    judgement: Judgement;
    trainMs: number;
    inUse: boolean;
  } | null;
  error: string | null;
}

const CLOSED: TeachSnapshot = {
  phase: 'closed',
  base: null,
  counts: { road: 0, notRoad: 0 },
  recording: null,
  reading: null,
  skipped: [],
  progress: 0,
  check: { state: 'none', why: null },
  round: 0,
  engine: null,
  result: null,
  error: null,
};

/** How long teach mode waits for the check file before training without it, ms. */
const CHECK_WAIT_MS = 15_000;

/**
 * One of the base's feature sets (`checkSet.ts`), or why not (offline on a first teach, an older
 * build without one). Fetched by the page, through the service worker, which keeps it offline.
 */
async function fetchFeatureSet(entry: CatalogEntry, file: string): Promise<CheckSet | string> {
  const url = siblingUrl(file, modelUrl(entry));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(CHECK_WAIT_MS) });
    if (!response.ok) return `${file} of ${entry.id}: HTTP ${response.status}`;
    const set = parseCheckSet(await response.text(), `${entry.id}/${file}`);
    if (set.variant !== entry.id || set.dim !== featureLength(entry.width)) {
      return `${entry.id}/${file} is for ${set.variant} (${set.dim} features)`;
    }
    return set;
  } catch (err) {
    return `${entry.id}/${file} could not be fetched (${errorMessage(err)})`;
  }
}

/** The check and anchor sets, each null where it could not be had, and why. */
interface FeatureSets {
  check: CheckSet | null;
  anchor: CheckSet | null;
  why: string | null;
}

/**
 * The TF.js backends for the features, fastest first where the per-device choice timed them on
 * `variant` (WebGL is emulated on some devices and ten times slower than WASM there), the rest in
 * the usual order. Pure.
 */
export function featureBackends(timings: readonly Timing[], variant: string): TfBackend[] {
  const timed = TF_BACKENDS.flatMap((backend) => {
    const t = timings.find((x) => x.variant === variant && x.backend === backend && 'ms' in x);
    return t && 'ms' in t ? [{ backend, ms: t.ms }] : [];
  });
  const fastest = timed.sort((a, b) => a.ms - b.ms).map((t) => t.backend);
  return [...fastest, ...TF_BACKENDS.filter((b) => !fastest.includes(b))];
}

export class TeachSession extends Store<TeachSnapshot> {
  private client: TeachClient | null = null;
  private entry: CatalogEntry | null = null;
  private recorder: ReturnType<typeof setInterval> | null = null;
  private sets: Promise<FeatureSets> = Promise.resolve({ check: null, anchor: null, why: null });
  /** A frame grab is on its way to the worker: the next tick waits for it. */
  private grabbing = false;
  /** Picked files being read, one pick after another. */
  private reads: Promise<void> = Promise.resolve();
  private rounds = 0;

  constructor(
    private readonly roadgate: Roadgate,
    private readonly spawn: () => TeachClient,
  ) {
    super(CLOSED);
  }

  /** Opens teach mode on the running model's variant (a personal model's base). */
  async open(): Promise<void> {
    if (this.snap.phase !== 'closed' && this.snap.phase !== 'error') return;
    this.close();
    const { catalog, variant } = this.roadgate.getSnapshot();
    if (!catalog || !variant) {
      this.set({ phase: 'error', error: 'Teach mode opens once a model has loaded.' });
      return;
    }
    const name = personalName(variant);
    const base = name === null ? variant : this.roadgate.personal.find(name)?.base;
    const entry = catalog.variants.find((v) => v.id === base);
    if (!entry) {
      this.set({
        phase: 'error',
        error: `Teach mode cannot find ${base ?? variant} in this build.`,
      });
      return;
    }
    this.entry = entry;
    this.roadgate.setTeaching(true);
    const client = (this.client = this.spawn());
    this.set({
      ...CLOSED,
      phase: 'opening',
      round: ++this.rounds,
      base: entry.id,
      check: { state: 'loading', why: null },
    });
    this.sets = Promise.all([
      fetchFeatureSet(entry, CHECK_FILE),
      fetchFeatureSet(entry, ANCHOR_FILE),
    ]).then(([check, anchor]) => {
      const why = [check, anchor].filter((s) => typeof s === 'string').join('; ') || null;
      if (this.client === client) this.set({ check: { state: why ? 'none' : 'ready', why } });
      const set = (s: CheckSet | string) => (typeof s === 'string' ? null : s);
      return { check: set(check), anchor: set(anchor), why };
    });
    try {
      const timings = this.roadgate.fit.getSnapshot().result?.timings ?? [];
      const opened = await client.open(
        modelUrl(entry),
        entry.id,
        entry.inputSize,
        featureBackends(timings, entry.id),
      );
      const engine = { backend: opened.backend, featureMs: null };
      if (this.client === client) this.set({ phase: 'ready', engine });
    } catch (err) {
      if (this.client !== client) return;
      // A worker that could not open takes no examples: Close and open again to retry.
      client.terminate();
      this.client = null;
      this.fail(`Teach mode could not start: ${errorMessage(err)}`);
    }
  }

  /** Closes teach mode: recording stops, the worker and its examples go. Kept models stay. */
  close(): void {
    this.stopRecording();
    this.client?.terminate();
    this.client = null;
    this.roadgate.setTeaching(false);
    this.set(CLOSED);
  }

  /**
   * Starts adding camera frames as `label`, `RECORD_FPS` a second, until `stopRecording`, or until
   * the camera goes off (hidden, turned off): a held button that is then disabled may never hear
   * its release, and recording must not resume by itself when the camera comes back.
   */
  startRecording(label: LabelIndex): void {
    const entry = this.entry;
    if (!this.accepting() || !entry || this.recorder !== null) return;
    this.set({ recording: label, error: null });
    const tick = () => {
      if (this.grabbing) return;
      const grab = this.roadgate.grabFrame(entry.inputSize);
      if (!grab) {
        this.stopRecording();
        return;
      }
      this.grabbing = true;
      void grab
        .then((bitmap) => {
          // Released meanwhile: only frames of the hold are examples.
          if (this.snap.recording === label) return this.add(label, bitmap);
          bitmap.close();
        })
        .catch(() => undefined)
        .finally(() => (this.grabbing = false));
    };
    this.recorder = setInterval(tick, 1000 / RECORD_FPS);
    tick();
  }

  stopRecording(): void {
    if (this.recorder !== null) clearInterval(this.recorder);
    this.recorder = null;
    if (this.snap.recording !== null) this.set({ recording: null });
  }

  /**
   * Adds picked photos (and frames of picked videos) as `label`, in the order given, after any
   * pick still being read (two picks never interleave their examples). A file that cannot be
   * read is skipped and named; the others are kept. Stops at once if teach mode is closed.
   */
  addFiles(label: LabelIndex, files: readonly File[]): Promise<void> {
    const client = this.client;
    if (!client || files.length === 0) return Promise.resolve();
    const run = this.reads.then(() => this.readFiles(client, label, files));
    this.reads = run.catch(() => undefined);
    return run;
  }

  private async readFiles(client: TeachClient, label: LabelIndex, files: readonly File[]) {
    const entry = this.entry;
    if (this.client !== client || !entry || !this.accepting()) return;
    this.set({ reading: { done: 0, total: files.length }, error: null });
    for (const [i, file] of files.entries()) {
      try {
        for await (const bitmap of fileFrames(file, entry.inputSize)) {
          if (this.client !== client) {
            bitmap.close();
            return;
          }
          await this.add(label, bitmap);
        }
      } catch (err) {
        if (this.client !== client) return;
        this.set({ skipped: [...this.snap.skipped, `${file.name}: ${errorMessage(err)}`] });
      }
      this.set({ reading: { done: i + 1, total: files.length } });
    }
    this.set({ reading: null });
  }

  /** Forgets the examples of `label` (all when undefined). */
  async clear(label?: LabelIndex): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const counts = await client.clear(label);
      if (this.client === client) this.set({ counts });
    } catch (err) {
      if (this.client === client) this.fail(errorMessage(err));
    }
  }

  /**
   * Trains a personal head named `name` and keeps it. It is put in use unless it does worse
   * than the shipped head on the held-back examples: then the panel says so, and `useResult`
   * puts it in use if the user still wants it.
   */
  async train(name: string): Promise<void> {
    const client = this.client;
    const entry = this.entry;
    if (!client || !entry || !this.accepting()) return;
    this.stopRecording();
    const missing = shortfall(this.snap.counts);
    if (missing) {
      this.set({ phase: 'error', error: missing });
      return;
    }
    this.set({ phase: 'training', progress: 0, result: null, error: null });
    try {
      const { check, anchor } = await this.sets;
      const r = await client.train((progress) => this.set({ progress }), {
        ...(check && { check }),
        ...(anchor && { anchor }),
      });
      const model: PersonalModel = {
        name,
        base: entry.id,
        ...(entry.revision && { baseRevision: entry.revision }),
        kernel: r.head.kernel,
        bias: r.head.bias,
        createdAt: new Date().toISOString(),
        examples: r.examples,
        heldBack: r.heldBack,
        ...(r.check && { check: r.check }),
      };
      await this.roadgate.personal.save(model);
      if (this.client !== client) return;
      const judgement = judge(r.heldBack, r.check);
      this.set({
        phase: 'done',
        progress: 1,
        round: ++this.rounds,
        result: {
          name,
          heldBack: r.heldBack,
          check: r.check,
          judgement,
          trainMs: r.trainMs,
          inUse: false,
        },
      });
      if (judgement.use) await this.putInUse(name);
    } catch (err) {
      if (this.client === client) this.fail(`Training failed: ${errorMessage(err)}`);
    }
  }

  /** Puts the last trained model in use although `judge` held it back. */
  async useResult(): Promise<void> {
    const result = this.snap.result;
    if (!result || result.inUse) return;
    await this.putInUse(result.name);
  }

  /**
   * Switches the app to personal model `name`; the result says it is in use only once it runs
   * (a failed switch keeps the model running before, and the app's notice says why).
   */
  private async putInUse(name: string): Promise<void> {
    await this.roadgate.selectVariant(personalId(name));
    const result = this.snap.result;
    const running = this.roadgate.getSnapshot().variant === personalId(name);
    if (result?.name === name) this.set({ result: { ...result, inUse: running } });
  }

  /** Examples can be added: the worker is open and not training. */
  private accepting(): boolean {
    return this.client !== null && ['ready', 'done', 'error'].includes(this.snap.phase);
  }

  private async add(label: LabelIndex, bitmap: ImageBitmap): Promise<void> {
    const client = this.client;
    if (!client) {
      bitmap.close();
      return;
    }
    const { counts, featureMs } = await client.add(label, bitmap);
    if (this.client !== client) return;
    const patch = { counts, engine: this.snap.engine && { ...this.snap.engine, featureMs } };
    // A new example clears an error (too few examples), not a result or a training under way.
    this.set(this.snap.phase === 'error' ? { ...patch, phase: 'ready', error: null } : patch);
  }

  private fail(error: string): void {
    this.stopRecording();
    this.set({ phase: 'error', error, reading: null });
  }
}
