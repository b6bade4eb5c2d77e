/**
 * Roadgate's orchestration, outside React: camera → frame pump → worker → gate → camera off.
 * The UI reads `getSnapshot()` (via useSyncExternalStore) and calls the methods; nothing here
 * touches the DOM beyond the <video> it is given. The camera's side is `CameraControl`, the
 * worker's `WorkerSupervisor`, the frames' `FrameLoop`; this class decides, and keeps the snapshot.
 */
import { describeCameraError } from '../camera/camera.ts';
import { DEFAULT_GATE } from '../gate/gate.ts';
import type { WorkerError } from '../inference/client.ts';
import type { Catalog } from '../models/catalog.ts';
import { CameraControl } from './cameraControl.ts';
import { DeviceFit } from './deviceFit.ts';
import { choiceApplies, preferredEngine, startingPoint, type Choice } from './fitPolicy.ts';
import { canStartCamera } from './cameraGuard.ts';
import { browserDevices, type RoadgateDevices, type RoadgateOptions } from './devices.ts';
import { FrameLoop } from './frameLoop.ts';
import { backendNotice, keepsRunning, loadFailureMessage, restartMessages } from './messages.ts';
import { MotionWake } from './motionWake.ts';
import { isSaved } from '../models/offline.ts';
import { Store } from './store.ts';
import { INITIAL_SNAPSHOT, loadedPatch, type OffReason, type Snapshot } from './snapshot.ts';
import { WorkerSupervisor } from './workerSupervisor.ts';
import { PersonalModels } from '../teach/personalModels.ts';
import { personalStart } from './personalStart.ts';

export class Roadgate extends Store<Snapshot> {
  private readonly camera: CameraControl;
  private readonly worker: WorkerSupervisor;
  private readonly loadCatalog: () => Promise<Catalog>;
  private readonly frames: FrameLoop;
  /** Turns the camera on when the car starts moving; the settings panel reads its store. */
  readonly motion: MotionWake;
  /** The variant and engine chosen for this device; the developer panel reads its store. */
  readonly fit: DeviceFit;
  private inputSize = 0;
  private hidden = false;
  private resumeOnVisible = false;
  /** The variant the user asked for last: what Retry loads. */
  private wanted: string | null;
  /** The per-device choice in force: its variant loads on its engine first. */
  private choice: Choice | undefined;
  /** The user picked a variant this session: the per-device choice no longer switches it. */
  private picked = false;
  /** Personal models (teach mode); the teach panel and the variant list read its store. */
  readonly personal: PersonalModels;
  /** Teach mode is open: the gate leaves the camera on. */
  private teaching = false;

  constructor(
    private readonly options: RoadgateOptions,
    devices: Partial<RoadgateDevices> = {},
  ) {
    const gateConfig = options.gate ?? DEFAULT_GATE;
    const notice = options.notices?.length ? options.notices.join(' ') : null;
    super({ ...INITIAL_SNAPSHOT, gate: gateConfig, notice });
    this.wanted = options.variant;
    const d: RoadgateDevices = { ...browserDevices(), ...devices };
    this.camera = new CameraControl(d.camera((err) => this.fail(err.message, 'camera')));
    this.worker = new WorkerSupervisor(
      {
        backendChanged: (info, reason) =>
          this.set({ backend: info, notice: backendNotice(this.snap.backend, info, reason) }),
        // A load in progress reports a death itself.
        died: (generation, reason) => void this.restartWorker(generation, reason, null),
      },
      d.spawnWorker,
    );
    this.loadCatalog = d.fetchCatalog;
    this.frames = new FrameLoop(gateConfig, {
      classify: (bitmap) => this.worker.classify(bitmap),
      cameraOn: () => this.camera.active,
      snapshot: () => this.snap,
      update: (patch) => this.set(patch),
      // Teach mode records not-road on purpose: the gate does not end the recording.
      gateOff: () => {
        if (this.teaching) return false;
        this.stopCamera('not-road');
        return true;
      },
      workerStuck: (generation, reason) => void this.restartWorker(generation, reason, null),
    });
    this.motion = new MotionWake(d.motion(), this, () => this.hidden);
    this.fit = new DeviceFit(this, { spawn: d.spawnWorker, ...d.fit() }, () => this.hidden);
    this.personal = new PersonalModels(d.personal());
  }

  /** Shows an error with Retry; the camera is off in the error state, always. */
  private fail(message: string, failed: Snapshot['failed']): void {
    this.camera.shutDown();
    this.resumeOnVisible = false;
    this.set({ app: 'error', camera: 'off', opening: false, error: message, failed });
  }

  attachVideo(video: HTMLVideoElement | null): void {
    this.camera.attach(video);
  }

  /** Reads the catalog (once) and loads the model `startingPoint` names. */
  async init(): Promise<void> {
    this.set({ app: 'loading', error: null, failed: null });
    let catalog = this.snap.catalog;
    if (!catalog) {
      try {
        catalog = await this.loadCatalog();
      } catch (err) {
        this.fail((err as Error).message, 'init');
        return;
      }
      this.set({ catalog });
    }
    await this.personal.whenReady();
    const personal = personalStart(this.wanted, this.personal, catalog);
    if (personal.notice) this.set({ notice: personal.notice });
    if (personal.id) this.picked = true;
    const remembered = await this.fit.startingChoice(catalog);
    const wanted = personal.id ? null : personal.wanted;
    const { entry, notice, choice } = startingPoint(catalog, wanted, remembered, this.options);
    if (notice) this.set({ notice });
    [this.wanted, this.choice] = [personal.id ?? entry.id, personal.id ? undefined : choice];
    this.worker.ensureStarted();
    const loaded = await this.loadVariant(this.wanted, true);
    if (loaded) this.set({ app: 'ready' });
  }

  /**
   * Loads a variant in the worker. `fatal`: a failure is the app's error state (nothing else is
   * loaded); else the running model keeps going and a notice says why the switch failed.
   */
  private async loadVariant(id: string, fatal: boolean): Promise<boolean> {
    if (!this.snap.catalog || !this.worker.started) return false;
    const target = this.personal.resolve(id, this.snap.catalog);
    if (!target) {
      // A personal model deleted since (or its base gone): Retry starts on a shipped one.
      const message = `${id} is no longer on this device.`;
      if (fatal) this.fail(message, 'init');
      else this.set({ notice: keepsRunning(message, this.snap.variant) });
      return false;
    }
    const { entry, head } = target;
    const generation = this.worker.generation;
    this.set({ switching: id, notice: fatal ? this.snap.notice : null });
    try {
      const prefer = preferredEngine(id, this.choice);
      const r = await this.worker.load(entry, this.options.backend, prefer, head);
      this.inputSize = entry.inputSize;
      this.frames.resetStats();
      this.set(loadedPatch(id, r));
      return true;
    } catch (err) {
      const e = err as WorkerError;
      const saved = e.code === 'model-network' && (await isSaved(entry));
      const message = loadFailureMessage(entry.id, e, saved);
      if (fatal) this.fail(message, 'init');
      else if (e.code === 'crashed') void this.restartWorker(generation, e.message, message);
      else this.set({ notice: keepsRunning(message, this.snap.variant) });
      return false;
    } finally {
      this.set({ switching: null });
    }
  }

  /** Loads another variant; in the error state (nothing loaded) it is a retry with that variant. */
  async selectVariant(id: string): Promise<void> {
    this.wanted = id;
    this.picked = true;
    if (this.snap.app === 'error' && this.snap.failed === 'init') await this.init();
    else await this.loadVariant(id, false);
    // Remembered for the next launch once it runs (a failed switch keeps the last choice).
    if (this.snap.variant === id) this.personal.use(id);
  }

  /** Runs the per-device choice, unless the URL (variant or engine) or the user chose already. */
  applyChoice(choice: Choice): void {
    if (!choiceApplies(choice, this.options, this.picked, this.snap)) return;
    [this.wanted, this.choice] = [choice.variant, choice];
    void this.loadVariant(choice.variant, false);
  }

  /**
   * The worker of generation `gen` crashed or went silent: the camera goes off at once (it must not
   * run unclassified), a new worker loads the model, and the camera comes back if it was on. A
   * second report of the same death does nothing.
   */
  private async restartWorker(gen: number, reason: string, notice: string | null): Promise<void> {
    if (!this.worker.isCurrent(gen)) return;
    const resume = this.camera.busy || this.resumeOnVisible;
    this.camera.shutDown();
    this.resumeOnVisible = false;
    if (!this.worker.restart()) {
      this.fail(restartMessages.again(reason), 'init');
      return;
    }
    this.set({ app: 'loading', camera: 'off', notice: notice ?? restartMessages.underWay(reason) });
    const variant = this.snap.variant ?? this.wanted;
    if (!variant || !(await this.loadVariant(variant, true))) return;
    this.set({ app: 'ready', notice: restartMessages.done(reason) });
    if (resume) await this.startCamera();
  }

  /** Starts (or resumes) the camera and the classification loop. */
  async startCamera(): Promise<void> {
    const decision = canStartCamera({
      ...this.snap,
      hasVideo: this.camera.hasVideo,
      cameraBusy: this.camera.busy,
      workerAlive: this.worker.alive,
      hidden: this.hidden,
    });
    // A re-check (or a restart) that comes due while hidden waits for the page to be seen.
    if (decision === 'when-visible') this.resumeOnVisible = true;
    if (decision !== 'start') return;
    this.camera.clearRecheck();
    this.set({ error: null, failed: null, offReason: null, opening: true });
    let started: boolean;
    try {
      this.frames.resetGate();
      started = await this.camera.open(
        () => this.inputSize,
        (b) => this.frames.onFrame(b),
      );
    } catch (err) {
      this.fail(describeCameraError(err).message, 'camera');
      return;
    }
    // False: closed while opening (stopped, hidden); whoever closed it set the state.
    if (started) this.set({ app: 'running', camera: 'on', opening: false });
  }

  /** Opens or closes teach mode: while open, the gate leaves the camera on. */
  setTeaching(on: boolean): void {
    this.teaching = on;
  }

  /** The frame in view as the centred square at `size` px (teach mode); null, camera off. */
  grabFrame(size: number): Promise<ImageBitmap> | null {
    return this.camera.grab(size);
  }

  /** Turns the camera off (every track stopped, the video released, an open cancelled). */
  stopCamera(reason: OffReason): void {
    this.camera.close();
    this.set({ app: 'paused', camera: 'off', opening: false, offReason: reason });
    if (reason === 'not-road' && this.snap.recheckMs !== null) {
      this.camera.scheduleRecheck(this.snap.recheckMs, () => void this.startCamera());
    }
  }

  /**
   * Periodic re-check after the gate turned the camera off: null = never (the default). Applies
   * at once: a camera the gate has already turned off is re-checked `ms` from now.
   */
  setRecheck(ms: number | null): void {
    this.set({ recheckMs: ms });
    this.camera.clearRecheck();
    if (ms !== null && this.snap.camera === 'off' && this.snap.offReason === 'not-road') {
      this.camera.scheduleRecheck(ms, () => void this.startCamera());
    }
  }

  /** The page was hidden (release the camera, cancel an open) or shown again (resume). */
  onVisibility(hidden: boolean): void {
    this.hidden = hidden;
    this.motion.sync();
    this.fit.sync();
    if (hidden && this.camera.busy) {
      this.resumeOnVisible = true;
      this.stopCamera('hidden');
    } else if (!hidden && this.resumeOnVisible) {
      this.resumeOnVisible = false;
      void this.startCamera();
    }
  }

  /** Retries what failed: loading (on a new worker if the old one died), or the camera. */
  async retry(): Promise<void> {
    if (this.snap.failed === 'init' || !this.snap.variant || !this.worker.alive) {
      await this.init();
    } else await this.startCamera();
  }

  dispose(): void {
    this.motion.dispose();
    this.fit.dispose();
    this.camera.shutDown();
    this.worker.dispose();
  }
}
