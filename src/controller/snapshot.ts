/** What the UI shows: one immutable snapshot of the app's state. */
import type { Scores, BackendInfo, WorkerReply } from '../inference/protocol.ts';
import type { Catalog } from '../models/catalog.ts';
import { DEFAULT_GATE, type GateConfig } from '../gate/gate.ts';
import type { Label } from '../models/labels.ts';
import { STARTING_PLAN, type SamplingPlan } from '../gate/sampling.ts';
import type { DriveLog } from './driveLog.ts';

/** The page's `data-state` (ARCHITECTURE.md, Page test contract). */
export type AppState = 'loading' | 'ready' | 'running' | 'paused' | 'error';
/** Why the camera is off. */
export type OffReason = 'not-road' | 'hidden' | 'user';

export interface Snapshot {
  app: AppState;
  camera: 'on' | 'off';
  /** The camera is being opened: Start and Resume wait for it. */
  opening: boolean;
  offReason: OffReason | null;
  verdict: { label: Label; confidence: number } | null;
  scores: Scores | null;
  error: string | null;
  /** What a Retry should redo: load a model (`init`) or open the camera. */
  failed: 'init' | 'camera' | null;
  /** A non-fatal message (a variant that failed to load, a backend switch). */
  notice: string | null;
  catalog: Catalog | null;
  variant: string | null;
  /** The variant being loaded, if any. */
  switching: string | null;
  backend: BackendInfo | null;
  latencyMs: number;
  fps: number;
  loadMs: number | null;
  warmupMs: number | null;
  numTensors: number | null;
  /** Bytes the engine holds in the worker, from its last reply. */
  memoryBytes: number | null;
  frames: number;
  /** Smoothed not-road probability over recent frames. */
  history: number[];
  gate: GateConfig;
  /** How often frames are classified now, and why (ARCHITECTURE.md, Sampling). */
  sampling: SamplingPlan;
  /** The drive log: one object, appended to in place by the frame loop; null before a frame. */
  driveLog: DriveLog | null;
  recheckMs: number | null;
}

export const INITIAL_SNAPSHOT: Snapshot = {
  app: 'loading',
  camera: 'off',
  opening: false,
  offReason: null,
  verdict: null,
  scores: null,
  error: null,
  failed: null,
  notice: null,
  catalog: null,
  variant: null,
  switching: null,
  backend: null,
  latencyMs: NaN,
  fps: 0,
  loadMs: null,
  warmupMs: null,
  numTensors: null,
  memoryBytes: null,
  frames: 0,
  history: [],
  gate: DEFAULT_GATE,
  sampling: STARTING_PLAN,
  driveLog: null,
  recheckMs: null,
};

/** The snapshot's fields for a model the worker has loaded. */
export const loadedPatch = (
  variant: string,
  r: Extract<WorkerReply, { type: 'loaded' }>,
): Partial<Snapshot> => ({
  variant,
  backend: r,
  numTensors: r.numTensors,
  loadMs: r.loadMs,
  warmupMs: r.warmupMs,
});
