/**
 * How often to classify: every camera frame unless the road has been steadily in view, then one
 * frame every `slowIntervalMs`. Pure, beside the gate it serves (ARCHITECTURE.md, Gate): a
 * function of the gate's state, the last raw probability and the time. No timers, no DOM.
 *
 * Why the slow rate costs the gate nothing: the gate's smoothing is continuous in time (a step
 * after a gap of dt weighs the new frame by 1 - exp(-dt / tau)), so the first not-road frame after
 * a slow gap counts as if not-road had held for the whole gap. From that frame on every frame is
 * classified, and the gate's 3 s clock runs as it would at the full rate.
 */
import type { GateState } from './gate.ts';

/**
 * Between two frames on steady road, ms. Bounded by the smoothing (tau 500 ms): one stray
 * not-road frame after a gap of 250 ms weighs 1 - exp(-250 / 500) = 0.39, so from a calm road
 * (smoothed <= 0.2) it lifts the smoothed value to at most 0.2 + 0.39 * 0.8 = 0.52: below the
 * verdict's 0.6 (no flicker) and the gate's 0.8 (the clock does not start). Past ~430 ms one
 * frame could flip the verdict. And it is well inside the 0.5 s the 3.5 s budget leaves over the
 * gate's 3 s hold, even before counting the smoothing's credit for the gap. 4 fps against ~18.
 */
export const SLOW_INTERVAL_MS = 250;
/** A raw or smoothed not-road probability above this is evidence: classify every frame. */
export const EVIDENCE_ABOVE = 0.2;
/** Calm (no evidence) this long, two smoothing time constants, before slowing down. */
export const STEADY_AFTER_MS = 1_000;

export interface SamplingConfig {
  slowIntervalMs: number;
  evidenceAbove: number;
  steadyAfterMs: number;
}

export const DEFAULT_SAMPLING: SamplingConfig = {
  slowIntervalMs: SLOW_INTERVAL_MS,
  evidenceAbove: EVIDENCE_ABOVE,
  steadyAfterMs: STEADY_AFTER_MS,
};

export type SamplingReason =
  | 'starting'
  | 'gate armed'
  | 'not-road verdict'
  | 'not-road evidence'
  | 'confirming road'
  | 'steady road';

export interface SamplingPlan {
  /** Least time between the captures of two classified frames, ms; 0 = every frame. */
  intervalMs: number;
  reason: SamplingReason;
}

/** The plan before any frame of a camera session: every frame. */
export const STARTING_PLAN: SamplingPlan = { intervalMs: 0, reason: 'starting' };

/**
 * The plan after a frame: `gate` is the gate's state after it, `lastRaw` its raw not-road
 * probability (null: none yet), `calmSince` when the current run of frames without evidence
 * began (ms, null: the last frame had evidence). Returns the plan and the new `calmSince`.
 */
export function samplingPlan(
  gate: GateState,
  lastRaw: number | null,
  calmSince: number | null,
  now: number,
  config: SamplingConfig = DEFAULT_SAMPLING,
): { plan: SamplingPlan; calmSince: number | null } {
  const fast = (reason: SamplingReason) => ({ plan: { intervalMs: 0, reason }, calmSince: null });
  if (lastRaw === null || gate.smoothed === null) return fast('starting');
  if (gate.highSince !== null) return fast('gate armed');
  if (gate.label !== 'road') return fast('not-road verdict');
  if (lastRaw > config.evidenceAbove || gate.smoothed > config.evidenceAbove) {
    return fast('not-road evidence');
  }
  const since = calmSince ?? now;
  const steady = now - since >= config.steadyAfterMs;
  return {
    plan: steady
      ? { intervalMs: config.slowIntervalMs, reason: 'steady road' }
      : { intervalMs: 0, reason: 'confirming road' },
    calmSince: since,
  };
}

/** The plan as the developer panel says it: `4 fps (steady road)`, `every frame (starting)`. */
export function describePlan(plan: SamplingPlan): string {
  const rate = plan.intervalMs > 0 ? `${+(1000 / plan.intervalMs).toFixed(1)} fps` : 'every frame';
  return `${rate} (${plan.reason})`;
}
