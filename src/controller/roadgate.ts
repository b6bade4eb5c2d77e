/**
 * Roadgate's orchestration, outside React: camera → frame pump → worker → gate → camera off.
 * The UI reads `getSnapshot()` (via useSyncExternalStore) and calls the methods; nothing here
 * touches the DOM beyond the <video> it is given.
 */
import { CameraError, closeCamera, describeCameraError, openCamera } from '../camera/camera.ts';
import { startFramePump } from '../camera/framePump.ts';
import { ScreenWakeLock } from '../camera/wakeLock.ts';
import {
  DEFAULT_GATE,
  INITIAL_GATE,
  step,
  verdictConfidence,
  type GateConfig,
  type GateState,
} from '../gate/gate.ts';
import { InferenceClient, WorkerError } from '../inference/client.ts';
import type { Backend, BackendInfo } from '../inference/protocol.ts';
import type { Catalog } from '../models/catalog.ts';
import { fetchCatalog, modelUrl, pickVariant, tfliteUrl } from '../models/fetchCatalog.ts';
import { framesPerSecond, median, pushBounded } from '../util/stats.ts';
import { INITIAL_SNAPSHOT, type OffReason, type Snapshot } from './snapshot.ts';

/** Frames over which latency and fps are reported. */
const STATS_WINDOW = 30;
/** Points of the smoothed-probability chart. */
const HISTORY_POINTS = 120;

export interface RoadgateOptions {
  variant: string | null;
  backend?: Backend;
  gate?: GateConfig;
}

export class Roadgate {
  private snap: Snapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  private client: InferenceClient | null = null;
  private video: HTMLVideoElement | null = null;
  private stream: MediaStream | null = null;
  private stopPump: (() => void) | null = null;
  private gateState: GateState = INITIAL_GATE;
  private readonly wake = new ScreenWakeLock();
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private latencies: number[] = [];
  private frameTimes: number[] = [];
  private inputSize = 0;
  private resumeOnVisible = false;
  private readonly gate: GateConfig;

  constructor(private readonly options: RoadgateOptions) {
    this.gate = options.gate ?? DEFAULT_GATE;
    this.snap = { ...INITIAL_SNAPSHOT, gate: this.gate };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snap;

  private set(patch: Partial<Snapshot>): void {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((l) => l());
  }

  private fail(message: string, failed: Snapshot['failed']): void {
    this.set({ app: 'error', error: message, failed });
  }

  attachVideo(video: HTMLVideoElement | null): void {
    this.video = video;
  }

  /** Reads the catalog and loads the model (default or `?variant=`). */
  async init(): Promise<void> {
    this.set({ app: 'loading', error: null, failed: null });
    let catalog: Catalog;
    try {
      catalog = await fetchCatalog();
      pickVariant(catalog, this.options.variant);
    } catch (err) {
      this.fail((err as Error).message, 'init');
      return;
    }
    this.set({ catalog });
    this.client ??= this.createClient();
    const loaded = await this.loadVariant(pickVariant(catalog, this.options.variant).id, true);
    if (loaded) this.set({ app: this.stream ? 'running' : 'ready' });
  }

  private createClient(): InferenceClient {
    const client = new InferenceClient();
    client.onBackendChanged = (info: BackendInfo, reason: string) =>
      this.set({ backend: info, notice: `Switched to ${info.backend}: ${reason}.` });
    return client;
  }

  /** Loads a variant in the worker; the camera keeps running and the old model is disposed. */
  private async loadVariant(id: string, fatal: boolean): Promise<boolean> {
    const entry = this.snap.catalog?.variants.find((v) => v.id === id);
    if (!entry || !this.client) return false;
    this.set({ switching: id, notice: null });
    try {
      const r = await this.client.load(
        modelUrl(entry),
        entry.id,
        entry.inputSize,
        this.options.backend,
        tfliteUrl(entry),
      );
      this.inputSize = entry.inputSize;
      this.latencies = [];
      this.frameTimes = [];
      this.set({
        variant: entry.id,
        backend: r,
        switching: null,
        numTensors: r.numTensors,
        loadMs: r.loadMs,
        warmupMs: r.warmupMs,
      });
      return true;
    } catch (err) {
      const e = err as WorkerError;
      const message =
        e.code === 'no-backend'
          ? `No way to run the model works in this browser (${e.message}). Try another browser, then press Retry.`
          : !navigator.onLine
            ? `You are offline and ${entry.id} was never saved for offline use: connect once to load it.`
            : `The model ${entry.path} could not be loaded (${e.message}). Check the connection, then press Retry.`;
      if (fatal) this.fail(message, 'init');
      else
        this.set({
          switching: null,
          notice: `${message} ${this.snap.variant ?? 'The current model'} keeps running.`,
        });
      return false;
    }
  }

  selectVariant(id: string): Promise<boolean> {
    return this.loadVariant(id, false);
  }

  /** Starts (or resumes) the camera and the classification loop. */
  async startCamera(): Promise<void> {
    if (this.stream || !this.video) return;
    this.clearRecheck();
    this.set({ error: null, failed: null, offReason: null });
    try {
      this.stream = await openCamera(this.video);
    } catch (err) {
      this.fail(describeCameraError(err).message, 'camera');
      return;
    }
    for (const track of this.stream.getTracks()) {
      // Fires when the OS or the user ends the camera (our own stop() does not fire it).
      track.addEventListener('ended', () => this.onTrackEnded());
    }
    this.gateState = INITIAL_GATE;
    await this.wake.acquire();
    this.stopPump = startFramePump(
      this.video,
      () => this.inputSize,
      (b) => this.onFrame(b),
    );
    this.set({ app: 'running', camera: 'on' });
  }

  private onTrackEnded(): void {
    this.releaseCamera();
    this.fail(
      new CameraError(
        'ended',
        'The camera was stopped by the system or another app. Press Retry to start it again.',
      ).message,
      'camera',
    );
  }

  private releaseCamera(): void {
    this.stopPump?.();
    this.stopPump = null;
    closeCamera(this.video, this.stream);
    this.stream = null;
    void this.wake.release();
  }

  /** Turns the camera off (every track stopped, the video released). */
  stopCamera(reason: OffReason): void {
    this.releaseCamera();
    this.set({ app: 'paused', camera: 'off', offReason: reason });
    if (reason === 'not-road' && this.snap.recheckMs !== null) {
      this.recheckTimer = setTimeout(() => void this.startCamera(), this.snap.recheckMs);
    }
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
      this.recheckTimer = setTimeout(() => void this.startCamera(), ms);
    }
  }

  private async onFrame(bitmap: ImageBitmap): Promise<void> {
    if (!this.client) {
      bitmap.close();
      return;
    }
    let r;
    try {
      r = await this.client.classify(bitmap);
    } catch (err) {
      this.set({ notice: `A frame could not be classified: ${(err as Error).message}` });
      return;
    }
    if (!this.stream) return; // The camera went off while this frame was in flight.
    const now = performance.now();
    const { state, action } = step(this.gateState, { notRoad: r.scores.notRoad }, now, this.gate);
    this.gateState = state;
    this.latencies = pushBounded(this.latencies, r.ms, STATS_WINDOW);
    this.frameTimes = pushBounded(this.frameTimes, now, STATS_WINDOW);
    const confidence = verdictConfidence(state);
    this.set({
      verdict:
        state.label && confidence !== null ? { label: state.label, confidence } : this.snap.verdict,
      scores: r.scores,
      latencyMs: median(this.latencies),
      fps: framesPerSecond(this.frameTimes),
      numTensors: r.numTensors,
      history: pushBounded(this.snap.history, state.smoothed ?? r.scores.notRoad, HISTORY_POINTS),
      frames: this.snap.frames + 1,
    });
    if (action === 'camera-off') this.stopCamera('not-road');
  }

  /** The tab was hidden (stop inference, release the camera) or shown again (resume). */
  onVisibility(hidden: boolean): void {
    if (hidden && this.stream) {
      this.resumeOnVisible = true;
      this.stopCamera('hidden');
    } else if (!hidden && this.resumeOnVisible) {
      this.resumeOnVisible = false;
      void this.startCamera();
    }
  }

  /** Retries what failed: loading, or the camera. */
  async retry(): Promise<void> {
    if (this.snap.failed === 'init' || !this.snap.variant) await this.init();
    else await this.startCamera();
  }

  dispose(): void {
    this.clearRecheck();
    this.releaseCamera();
    this.client?.terminate();
    this.client = null;
  }
}
