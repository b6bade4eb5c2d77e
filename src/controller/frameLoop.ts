/**
 * The classification loop, one frame at a time: frame → worker → gate → action. It keeps the
 * gate's state, the sampling plan, the recent figures and the drive log, and tells its owner
 * (roadgate.ts) what to show, when the gate asks for the camera off, and when frames keep failing
 * for longer than a stuck worker may. Each frame is answered with the time the frame pump is to
 * leave before the next one (ARCHITECTURE.md, Sampling).
 */
import { INITIAL_GATE, step, type GateConfig, type GateState } from '../gate/gate.ts';
import { samplingPlan, STARTING_PLAN } from '../gate/sampling.ts';
import type { WorkerError } from '../inference/client.ts';
import type { WorkerReply } from '../inference/protocol.ts';
import { FRAME_TIMEOUT_MS } from '../inference/watchdog.ts';
import { DriveLog } from './driveLog.ts';
import { frameResult, NO_FRAME_STATS, type FrameStats } from './frameResult.ts';
import type { Snapshot } from './snapshot.ts';

type Result = Extract<WorkerReply, { type: 'result' }>;

export interface FrameLoopHooks {
  /** Sends a frame to the worker: the worker's generation and the reply, or null (no worker). */
  classify(bitmap: ImageBitmap): { generation: number; result: Promise<Result> } | null;
  /** Whether the camera still runs (a frame in flight when it went off is dropped). */
  cameraOn(): boolean;
  snapshot(): Snapshot;
  update(patch: Partial<Snapshot>): void;
  /**
   * The gate asks for the camera off (ARCHITECTURE.md, Gate); whether it went off (not while
   * teach mode records not-road on purpose).
   */
  gateOff(): boolean;
  /** Frames of the worker of `generation` have failed for longer than the frame timeout. */
  workerStuck(generation: number, reason: string): void;
}

export class FrameLoop {
  private gateState: GateState = INITIAL_GATE;
  private stats: FrameStats = NO_FRAME_STATS;
  /** When frames began to fail one after another (a worker that answers, but with errors). */
  private failingSince: number | null = null;
  /** Since when frames have shown no not-road evidence (the sampling plan's memory). */
  private calmSince: number | null = null;
  /** The last rows of the drive, across camera sessions and models. */
  private readonly log = new DriveLog();

  constructor(
    private readonly config: GateConfig,
    private readonly hooks: FrameLoopHooks,
    private readonly clock: () => number = () => performance.now(),
    private readonly wallClock: () => number = () => Date.now(),
  ) {}

  /** A new camera session: the gate starts afresh, and every frame is classified at first. */
  resetGate(): void {
    this.gateState = INITIAL_GATE;
    this.calmSince = null;
    this.hooks.update({ sampling: STARTING_PLAN });
  }

  /** A new model: latency and fps start afresh. */
  resetStats(): void {
    this.stats = NO_FRAME_STATS;
  }

  /**
   * Classifies one frame (the bitmap is the worker's, or closed) and acts on the verdict.
   * Resolves to the least time between this frame's capture and the next, ms (0: at once).
   */
  async onFrame(bitmap: ImageBitmap): Promise<number> {
    const sent = this.hooks.classify(bitmap);
    if (!sent) return 0;
    let r: Result;
    try {
      r = await sent.result;
    } catch (err) {
      this.failed(sent.generation, err as WorkerError);
      return 0;
    }
    if (!this.hooks.cameraOn()) return 0; // The camera went off while this frame was in flight.
    this.failingSince = null;
    const now = this.clock();
    const notRoad = r.scores.notRoad;
    const { state, action } = step(this.gateState, { notRoad }, now, this.config);
    this.gateState = state;
    const { plan, calmSince } = samplingPlan(state, notRoad, this.calmSince, now);
    this.calmSince = calmSince;
    const snap = this.hooks.snapshot();
    const off = action === 'camera-off' && this.hooks.gateOff();
    this.log.push({
      wallMs: this.wallClock(),
      atMs: now,
      notRoad,
      smoothed: state.smoothed ?? notRoad,
      camera: off ? 'off' : 'on',
      intervalMs: plan.intervalMs,
      variant: snap.variant ?? '',
      engine: r.backend,
      frameMs: r.ms,
    });
    const { patch, stats } = frameResult(snap, this.stats, r, state, now);
    this.stats = stats;
    this.hooks.update({ ...patch, sampling: plan, driveLog: this.log });
    return plan.intervalMs;
  }

  /**
   * A dead worker is reported by its supervisor. Frames that keep failing leave the camera
   * running unclassified just the same: past the frame timeout, the worker is restarted.
   */
  private failed(generation: number, err: WorkerError): void {
    if (err.code === 'crashed') return;
    const now = this.clock();
    this.failingSince ??= now;
    if (now - this.failingSince > FRAME_TIMEOUT_MS) {
      this.failingSince = null;
      this.hooks.workerStuck(generation, `frames could not be classified: ${err.message}`);
    } else this.hooks.update({ notice: `A frame could not be classified: ${err.message}` });
  }
}
