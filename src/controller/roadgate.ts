/**
 * Roadgate's orchestration, outside React: camera → frame pump → worker → gate → camera off.
 * The UI reads `getSnapshot()` (via useSyncExternalStore) and calls the methods; nothing here
 * touches the DOM beyond the <video> it is given.
 */
import { describeCameraError, type CameraError } from '../camera/camera.ts';
import { startFramePump } from '../camera/framePump.ts';
import { CameraSession } from '../camera/session.ts';
import { ScreenWakeLock } from '../camera/wakeLock.ts';
import { DEFAULT_GATE, INITIAL_GATE, step, type GateConfig, type GateState } from '../gate/gate.ts';
import { FRAME_TIMEOUT_MS, InferenceClient, WorkerError } from '../inference/client.ts';
import type { Backend, BackendInfo } from '../inference/protocol.ts';
import { fetchCatalog, modelUrl, pickVariant, tfliteUrl } from '../models/fetchCatalog.ts';
import { frameResult, NO_FRAME_STATS, type FrameStats } from './frameResult.ts';
import { loadFailureMessage } from './messages.ts';
import { Store } from './store.ts';
import { INITIAL_SNAPSHOT, type OffReason, type Snapshot } from './snapshot.ts';

/**
 * A worker that dies again this soon after being restarted is not restarted a second time: the
 * app shows the error and Retry instead of looping (an out-of-memory model would loop forever).
 */
const RESTART_WINDOW_MS = 60_000;

export interface RoadgateOptions {
  variant: string | null;
  backend?: Backend;
  gate?: GateConfig;
  /** Sentences about the URL's parameters that were refused (already cleaned), shown once. */
  notices?: readonly string[];
}

export class Roadgate extends Store<Snapshot> {
  private client: InferenceClient | null = null;
  private video: HTMLVideoElement | null = null;
  private readonly camera = new CameraSession((err) => this.onCameraLost(err));
  private stopPump: (() => void) | null = null;
  private gateState: GateState = INITIAL_GATE;
  private readonly wake = new ScreenWakeLock();
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private stats: FrameStats = NO_FRAME_STATS;
  /** When frames began to fail one after another (a worker that answers, but with errors). */
  private failingSince: number | null = null;
  private inputSize = 0;
  private hidden = false;
  private resumeOnVisible = false;
  /** The variant the user asked for last: what Retry loads. */
  private wanted: string | null;
  /** Loads in progress: a worker that dies during one is handled by that load. */
  private loads = 0;
  private lastRestart = -Infinity;
  private readonly gate: GateConfig;

  constructor(private readonly options: RoadgateOptions) {
    const gate = options.gate ?? DEFAULT_GATE;
    const notice = options.notices?.length ? options.notices.join(' ') : null;
    super({ ...INITIAL_SNAPSHOT, gate, notice });
    this.gate = gate;
    this.wanted = options.variant;
  }

  /** Shows an error with Retry; the camera is off in the error state, always. */
  private fail(message: string, failed: Snapshot['failed']): void {
    this.releaseCamera();
    this.clearRecheck();
    this.resumeOnVisible = false;
    this.set({ app: 'error', camera: 'off', opening: false, error: message, failed });
  }

  attachVideo(video: HTMLVideoElement | null): void {
    this.video = video;
  }

  /** Reads the catalog (once) and loads the model the user wants (`?variant=`, a pick, or the default). */
  async init(): Promise<void> {
    this.set({ app: 'loading', error: null, failed: null });
    let catalog = this.snap.catalog;
    if (!catalog) {
      try {
        catalog = await fetchCatalog();
      } catch (err) {
        this.fail((err as Error).message, 'init');
        return;
      }
      this.set({ catalog });
    }
    const { entry, notice } = pickVariant(catalog, this.wanted);
    if (notice) this.set({ notice });
    this.wanted = entry.id;
    if (!this.client || this.client.dead !== null) this.client = this.createClient();
    const loaded = await this.loadVariant(entry.id, true);
    if (loaded) this.set({ app: 'ready' });
  }

  private createClient(): InferenceClient {
    this.client?.terminate();
    const client = new InferenceClient();
    client.onBackendChanged = (info: BackendInfo, reason: string) => {
      const moved = info.backend !== this.snap.backend?.backend;
      const notice = moved
        ? `Switched to ${info.backend}: ${reason}.`
        : `Still on ${info.backend}: ${reason}.`;
      this.set({ backend: info, notice });
    };
    client.onDied = (reason) => this.onWorkerDied(client, reason);
    return client;
  }

  /**
   * Loads a variant in the worker. `fatal`: a failure is the app's error state (nothing else is
   * loaded); else the running model keeps going and a notice says why the switch failed.
   */
  private async loadVariant(id: string, fatal: boolean): Promise<boolean> {
    const entry = this.snap.catalog?.variants.find((v) => v.id === id);
    const client = this.client;
    if (!entry || !client) return false;
    this.set({ switching: id, notice: fatal ? this.snap.notice : null });
    this.loads++;
    try {
      const r = await client.load(
        modelUrl(entry),
        entry.id,
        entry.inputSize,
        this.options.backend,
        tfliteUrl(entry),
      );
      this.inputSize = entry.inputSize;
      this.stats = NO_FRAME_STATS;
      this.set({
        variant: entry.id,
        backend: r,
        numTensors: r.numTensors,
        loadMs: r.loadMs,
        warmupMs: r.warmupMs,
      });
      return true;
    } catch (err) {
      const e = err as WorkerError;
      const message = loadFailureMessage(entry.id, e, navigator.onLine);
      if (fatal) this.fail(message, 'init');
      else if (e.code === 'crashed') void this.restartWorker(client, e.message, message);
      else {
        this.set({
          notice: `${message} ${this.snap.variant ?? 'The current model'} keeps running.`,
        });
      }
      return false;
    } finally {
      this.loads--;
      this.set({ switching: null });
    }
  }

  /** Loads another variant; in the error state (nothing loaded) it is a retry with that variant. */
  async selectVariant(id: string): Promise<void> {
    this.wanted = id;
    if (this.snap.app === 'error' && this.snap.failed === 'init') await this.init();
    else await this.loadVariant(id, false);
  }

  /**
   * The worker crashed or went silent: the camera goes off at once (it must not run
   * unclassified), a new worker loads the model, and the camera comes back if it was on. A load
   * in progress reports the death itself.
   */
  private onWorkerDied(client: InferenceClient, reason: string): void {
    if (this.loads > 0) return;
    void this.restartWorker(client, reason, null);
  }

  /** Replaces the dead `client` (once: a second report of the same death does nothing). */
  private async restartWorker(
    client: InferenceClient,
    reason: string,
    notice: string | null,
  ): Promise<void> {
    if (client !== this.client) return;
    const resume = this.camera.active || this.camera.opening || this.resumeOnVisible;
    this.releaseCamera();
    this.clearRecheck();
    this.resumeOnVisible = false;
    this.client?.terminate();
    this.client = null;
    const now = performance.now();
    if (now - this.lastRestart < RESTART_WINDOW_MS) {
      this.fail(
        `The classifier stopped again (${reason}). Press Retry to start it afresh.`,
        'init',
      );
      return;
    }
    this.lastRestart = now;
    this.set({
      app: 'loading',
      camera: 'off',
      notice: notice ?? `The classifier stopped (${reason}); restarting it…`,
    });
    this.client = this.createClient();
    const variant = this.snap.variant ?? this.wanted;
    if (!variant || !(await this.loadVariant(variant, true))) return;
    this.set({ app: 'ready', notice: `The classifier stopped (${reason}) and was restarted.` });
    if (resume) await this.startCamera();
  }

  /** Starts (or resumes) the camera and the classification loop. */
  async startCamera(): Promise<void> {
    const video = this.video;
    if (!video || this.camera.active || this.camera.opening) return;
    // Only with a model to classify its frames: not while one loads or none could be loaded.
    const alive = this.client !== null && this.client.dead === null;
    if (!this.snap.variant || !alive || this.snap.app === 'loading') return;
    if (this.snap.app === 'error' && this.snap.failed === 'init') return;
    if (this.hidden) {
      // A re-check (or a restart) that comes due while hidden waits for the page to be seen.
      this.resumeOnVisible = true;
      return;
    }
    this.clearRecheck();
    this.set({ error: null, failed: null, offReason: null, opening: true });
    let stream: MediaStream | null;
    try {
      stream = await this.camera.open(video);
    } catch (err) {
      this.fail(describeCameraError(err).message, 'camera');
      return;
    }
    // Null: closed while opening (stopped, hidden); whoever closed it set the state.
    if (!stream) return;
    this.gateState = INITIAL_GATE;
    this.stopPump = startFramePump(
      video,
      () => this.inputSize,
      (b) => this.onFrame(b),
    );
    this.set({ app: 'running', camera: 'on', opening: false });
    void this.wake.acquire();
  }

  private onCameraLost(err: CameraError): void {
    this.fail(err.message, 'camera');
  }

  private releaseCamera(): void {
    this.stopPump?.();
    this.stopPump = null;
    this.camera.close(this.video);
    void this.wake.release();
  }

  /** Turns the camera off (every track stopped, the video released, an open cancelled). */
  stopCamera(reason: OffReason): void {
    this.releaseCamera();
    this.set({ app: 'paused', camera: 'off', opening: false, offReason: reason });
    if (reason === 'not-road' && this.snap.recheckMs !== null) {
      this.scheduleRecheck(this.snap.recheckMs);
    }
  }

  private scheduleRecheck(ms: number): void {
    this.clearRecheck();
    this.recheckTimer = setTimeout(() => void this.startCamera(), ms);
  }

  private clearRecheck(): void {
    if (this.recheckTimer !== null) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
  }

  /**
   * Periodic re-check after the gate turned the camera off: null = never (the default). Applies
   * at once: a camera the gate has already turned off is re-checked `ms` from now.
   */
  setRecheck(ms: number | null): void {
    this.set({ recheckMs: ms });
    this.clearRecheck();
    if (ms !== null && this.snap.camera === 'off' && this.snap.offReason === 'not-road') {
      this.scheduleRecheck(ms);
    }
  }

  private async onFrame(bitmap: ImageBitmap): Promise<void> {
    const client = this.client;
    if (!client || client.dead !== null) {
      bitmap.close();
      return;
    }
    let r;
    try {
      r = await client.classify(bitmap);
    } catch (err) {
      // A dead worker is handled by onWorkerDied. Frames that keep failing leave the camera
      // running unclassified just the same: past the frame timeout, the worker is restarted.
      if ((err as WorkerError).code === 'crashed') return;
      const reason = `frames could not be classified: ${(err as Error).message}`;
      const now = performance.now();
      this.failingSince ??= now;
      if (now - this.failingSince > FRAME_TIMEOUT_MS) {
        this.failingSince = null;
        void this.restartWorker(client, reason, null);
      } else this.set({ notice: `A frame could not be classified: ${(err as Error).message}` });
      return;
    }
    if (!this.camera.active) return; // The camera went off while this frame was in flight.
    this.failingSince = null;
    const now = performance.now();
    const { state, action } = step(this.gateState, { notRoad: r.scores.notRoad }, now, this.gate);
    this.gateState = state;
    const { patch, stats } = frameResult(this.snap, this.stats, r, state, now);
    this.stats = stats;
    this.set(patch);
    if (action === 'camera-off') this.stopCamera('not-road');
  }

  /** The page was hidden (release the camera, cancel an open) or shown again (resume). */
  onVisibility(hidden: boolean): void {
    this.hidden = hidden;
    if (hidden && (this.camera.active || this.camera.opening)) {
      this.resumeOnVisible = true;
      this.stopCamera('hidden');
    } else if (!hidden && this.resumeOnVisible) {
      this.resumeOnVisible = false;
      void this.startCamera();
    }
  }

  /** Retries what failed: loading (on a new worker if the old one died), or the camera. */
  async retry(): Promise<void> {
    if (this.snap.failed === 'init' || !this.snap.variant || this.client?.dead !== null) {
      await this.init();
    } else await this.startCamera();
  }

  dispose(): void {
    this.clearRecheck();
    this.releaseCamera();
    this.client?.terminate();
    this.client = null;
  }
}
