/**
 * What one classified frame changes in the snapshot: the verdict, the figures of the developer
 * panel and the chart. Pure; the gate's decision is made before, by `step`.
 */
import { verdictConfidence, type GateState } from '../gate/gate.ts';
import type { WorkerReply } from '../inference/protocol.ts';
import { framesPerSecond, median, pushBounded } from '../util/stats.ts';
import type { Snapshot } from './snapshot.ts';

/** Frames over which latency and fps are reported. */
const STATS_WINDOW = 30;
/** Points of the smoothed-probability chart. */
const HISTORY_POINTS = 120;

/** Recent per-frame figures: inference ms and the time each result came (ms). */
export interface FrameStats {
  latencies: number[];
  times: number[];
}

export const NO_FRAME_STATS: FrameStats = { latencies: [], times: [] };

/** The snapshot patch and the new stats after result `r` with gate state `gate` at `now`. */
export function frameResult(
  snap: Snapshot,
  stats: FrameStats,
  r: Extract<WorkerReply, { type: 'result' }>,
  gate: GateState,
  now: number,
): { patch: Partial<Snapshot>; stats: FrameStats } {
  const next = {
    latencies: pushBounded(stats.latencies, r.ms, STATS_WINDOW),
    times: pushBounded(stats.times, now, STATS_WINDOW),
  };
  const confidence = verdictConfidence(gate);
  return {
    stats: next,
    patch: {
      verdict: gate.label && confidence !== null ? { label: gate.label, confidence } : snap.verdict,
      scores: r.scores,
      latencyMs: median(next.latencies),
      fps: framesPerSecond(next.times),
      numTensors: r.numTensors,
      memoryBytes: r.memoryBytes,
      history: pushBounded(snap.history, gate.smoothed ?? r.scores.notRoad, HISTORY_POINTS),
      frames: snap.frames + 1,
    },
  };
}
