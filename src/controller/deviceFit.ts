/**
 * The per-device choice of variant and engine (ARCHITECTURE.md, Per-device choice): on a first
 * run, once the app has sat idle with the camera off, every saved variant is timed on every engine
 * this device offers, one worker at a time; the most accurate that fits the frame budget is
 * chosen, remembered on this device and loaded. The developer panel times again on request, and
 * offers the unsaved variants that could do better: downloading them is the user's call.
 *
 * Timing never runs beside the camera: a camera that opens stops it, and it starts over once the
 * app is idle again. Where nothing can be remembered (no storage) it runs only when asked.
 */
import { candidates, catalogKey, choose, FRAME_BUDGET_MS, worthOffering } from '../fit/choose.ts';
import type { Choice, Timing } from '../fit/choose.ts';
import {
  keepRemembered,
  readRemembered,
  type FitStorage,
  type RememberedFit,
} from '../fit/remembered.ts';
import { timeOn, type TimingDevices } from '../fit/timing.ts';
import type { Catalog, CatalogEntry } from '../models/catalog.ts';
import type { SavedFiles } from '../models/offline.ts';
import { errorMessage } from '../util/errors.ts';
import { idleForTiming } from './fitPolicy.ts';
import type { Snapshot } from './snapshot.ts';
import { Store } from './store.ts';

/**
 * Idle this long (camera off, page seen) before a first run's timing starts, ms: long enough that
 * a user who opened the app to drive has pressed Start (which would stop it at once anyway), short
 * enough that a user looking at the app sees the choice made.
 */
export const IDLE_BEFORE_FIT_MS = 3_000;

/**
 * `none`: no choice yet; `waiting`: one will be made once the app is idle; `timing`; `saving`
 * (downloading variants the user asked for); `done`; `error` (nothing could be timed).
 */
export type FitState = 'none' | 'waiting' | 'timing' | 'saving' | 'done' | 'error';

export interface FitSnapshot {
  state: FitState;
  /** Pairs (or variants, while saving) done so far, of how many. */
  progress: { done: number; total: number } | null;
  /** The choice and the timings it was made from, with where it came from. */
  result: RememberedFit | null;
  source: 'timed' | 'remembered' | null;
  /** Unsaved variants that could be a better choice (`worthOffering`). */
  offer: CatalogEntry[];
  /** The result is stored on this device (false: for this launch only). */
  kept: boolean;
  error: string | null;
}

export interface FitDevices extends TimingDevices {
  /** Where the choice is kept; null where the browser keeps nothing. */
  storage: () => FitStorage | null;
  /** The variants with files saved on this device, and which files. */
  saved: (catalog: Catalog) => Promise<Map<string, SavedFiles>>;
  save: (entries: CatalogEntry[], onProgress: (done: number) => void) => Promise<void>;
}

/** What the choice needs of the controller: its snapshot, and a way to run the choice. */
export interface FitHost {
  getSnapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
  applyChoice(choice: Choice): void;
}

export class DeviceFit extends Store<FitSnapshot> {
  private abort: AbortController | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** The catalog whose remembered choice was looked up. */
  private restoredFor: Catalog | null = null;
  /** The next run keeps the timings made (variants were just saved: only they need timing). */
  private reuseNext = false;
  private disposed = false;
  /** What is saved, read once at start-up for the launch's choice and the offer beside it. */
  private savedAtStart: { catalog: Catalog; scan: Promise<Map<string, SavedFiles>> } | null = null;

  constructor(
    private readonly host: FitHost,
    private readonly devices: FitDevices,
    private readonly hidden: () => boolean,
  ) {
    super({
      state: 'none',
      progress: null,
      result: null,
      source: null,
      offer: [],
      kept: false,
      error: null,
    });
    host.subscribe(() => this.sync());
  }

  /** The choice remembered on this device for `catalog`, if any. */
  remembered(catalog: Catalog): RememberedFit | null {
    return readRemembered(this.devices.storage(), catalogKey(catalog), FRAME_BUDGET_MS);
  }

  /**
   * The remembered choice to start a launch with: only when its file for its engine is saved (a
   * phone that lost it, offline, starts on the default rather than on an error).
   */
  async startingChoice(catalog: Catalog): Promise<Choice | undefined> {
    const choice = this.remembered(catalog)?.choice;
    if (!choice) return undefined;
    const files = (await this.startScan(catalog)).get(choice.variant);
    return files?.[choice.backend === 'int8' ? 'int8' : 'tfjs'] ? choice : undefined;
  }

  /** Stops or (on a first run) schedules timing as the app's state allows. */
  sync(): void {
    if (this.disposed) return;
    const snap = this.host.getSnapshot();
    if (snap.catalog && snap.catalog !== this.restoredFor) this.restore(snap.catalog);
    if (!idleForTiming(snap, this.hidden())) {
      this.abort?.abort();
      this.clearTimer();
      return;
    }
    if (this.snap.state === 'waiting' && !this.abort && this.idleTimer === null) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        void this.run(this.reuseNext);
      }, IDLE_BEFORE_FIT_MS);
    }
  }

  private restore(catalog: Catalog): void {
    this.restoredFor = catalog;
    const fit = this.remembered(catalog);
    if (fit) {
      this.set({ state: 'done', result: fit, source: 'remembered', kept: true });
      void this.startScan(catalog).then((saved) => {
        if (this.snap.result === fit)
          this.set({ offer: worthOffering(catalog, saved, fit.choice) });
      });
    } else if (this.snap.state === 'none' && this.devices.storage() !== null) {
      this.set({ state: 'waiting' });
    }
  }

  /**
   * Times the saved variants and chooses (the developer panel's "Time again"). `reuse`: keep the
   * timings already made for this catalog and time only the pairs not yet timed.
   */
  async run(reuse = false): Promise<void> {
    const snap = this.host.getSnapshot();
    const catalog = snap.catalog;
    if (!catalog || this.abort || !idleForTiming(snap, this.hidden())) return;
    this.clearTimer();
    this.reuseNext = false;
    const abort = new AbortController();
    this.abort = abort;
    const before = reuse ? (this.snap.result?.timings ?? []) : [];
    try {
      // What is saved, and the model running on its engine (its file has just come; the service
      // worker may still be saving it on a first visit).
      const saved = await this.devices.saved(catalog);
      if (snap.variant && snap.backend) {
        const files = saved.get(snap.variant) ?? { int8: false, tfjs: false };
        const file = snap.backend.backend === 'int8' ? 'int8' : 'tfjs';
        saved.set(snap.variant, { ...files, [file]: true });
      }
      const webgpu = snap.backend?.features?.webgpu === true;
      const pairs = candidates(catalog, saved, webgpu).filter(
        (p) => !before.some((t) => t.variant === p.variant && t.backend === p.backend),
      );
      const timings: Timing[] = [...before];
      this.set({ state: 'timing', progress: { done: 0, total: pairs.length }, error: null });
      for (const [i, pair] of pairs.entries()) {
        const entry = catalog.variants.find((v) => v.id === pair.variant) as CatalogEntry;
        timings.push(await timeOn(entry, pair.backend, this.devices, abort.signal));
        this.set({ progress: { done: i + 1, total: pairs.length } });
      }
      const choice = choose(catalog, timings);
      if (!choice) {
        const why = timings.map((t) => ('error' in t ? t.error : '')).find(Boolean);
        throw new Error(`no saved model could run on any engine here${why ? ` (${why})` : ''}`);
      }
      const result = {
        catalogKey: catalogKey(catalog),
        budgetMs: FRAME_BUDGET_MS,
        timings,
        choice,
        at: new Date().toISOString(),
      };
      // A failure that says nothing lasting (a file that did not arrive): this launch only.
      const kept =
        !timings.some((t) => 'passing' in t) && keepRemembered(this.devices.storage(), result);
      const offer = worthOffering(catalog, saved, choice);
      this.set({ state: 'done', progress: null, result, source: 'timed', offer, kept });
      this.host.applyChoice(choice);
    } catch (err) {
      // Stopped by the camera: a first run (or the timing of variants just saved) starts over
      // once the app is idle again; a run asked for over a choice already made keeps that one.
      this.reuseNext = reuse;
      const again = reuse || !this.snap.result;
      const state = abort.signal.aborted ? (again ? 'waiting' : 'done') : 'error';
      this.set({ state, progress: null, error: state === 'error' ? errorMessage(err) : null });
    } finally {
      this.abort = null;
      this.sync();
    }
  }

  /**
   * Downloads the variants on offer (the user asked), then times them beside the rest: at once
   * when the app is idle, else once it is.
   */
  async acceptOffer(): Promise<void> {
    const offer = this.snap.offer;
    if (offer.length === 0 || this.abort || this.snap.state === 'saving') return;
    this.set({ state: 'saving', progress: { done: 0, total: offer.length }, error: null });
    try {
      await this.devices.save(offer, (done) =>
        this.set({ progress: { done, total: offer.length } }),
      );
    } catch (err) {
      this.set({ state: 'error', progress: null, error: `download failed: ${errorMessage(err)}` });
      return;
    }
    this.reuseNext = true;
    this.set({ state: 'waiting', progress: null });
    await this.run(true);
  }

  /** Stops a timing in progress and any scheduled one, for good. */
  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.clearTimer();
  }

  /** One read of Cache Storage for the start of a launch (a timing reads it afresh). */
  private startScan(catalog: Catalog): Promise<Map<string, SavedFiles>> {
    if (this.savedAtStart?.catalog !== catalog) {
      this.savedAtStart = { catalog, scan: this.devices.saved(catalog) };
    }
    return this.savedAtStart.scan;
  }

  private clearTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
