/**
 * The camera-off gate: a pure function of (state, observation, now, config). It smooths the
 * not-road probability over time and asks for `camera-off` once the smoothed value has stayed at
 * or above the threshold for the hold time. Any road frame resets the clock. No DOM, no timers.
 */
import type { Label } from '../models/labels.ts';

/** Camera off when smoothed not-road probability stays >= 0.8 ... (ARCHITECTURE.md, Gate) */
export const NOT_ROAD_THRESHOLD = 0.8;
/** ... for 3 s (ARCHITECTURE.md, Gate). */
export const CAMERA_OFF_AFTER_MS = 3_000;
/** Time constant of the exponential smoothing: a frame's weight halves in ~0.35 s. */
export const SMOOTHING_TAU_MS = 500;
/** A frame whose raw not-road probability is below this is a road frame. */
export const ROAD_FRAME_BELOW = 0.5;
/** Verdict hysteresis: switch to not-road above 0.6, back to road below 0.4 (no flicker). */
export const VERDICT_BAND = { toNotRoad: 0.6, toRoad: 0.4 } as const;

export interface GateConfig {
  threshold: number;
  holdMs: number;
  tauMs: number;
}

export const DEFAULT_GATE: GateConfig = {
  threshold: NOT_ROAD_THRESHOLD,
  holdMs: CAMERA_OFF_AFTER_MS,
  tauMs: SMOOTHING_TAU_MS,
};

export interface GateState {
  /** Smoothed not-road probability, null before the first frame. */
  smoothed: number | null;
  /** Time of the last frame, ms. */
  lastAt: number | null;
  /** When the smoothed value last rose to the threshold with no road frame since, ms. */
  highSince: number | null;
  /** The verdict after hysteresis. */
  label: Label | null;
}

export const INITIAL_GATE: GateState = {
  smoothed: null,
  lastAt: null,
  highSince: null,
  label: null,
};

export type GateAction = 'none' | 'camera-off';

export interface GateObservation {
  /** Raw not-road probability of one frame, 0..1. */
  notRoad: number;
}

/** One step of the gate. */
export function step(
  state: GateState,
  obs: GateObservation,
  now: number,
  config: GateConfig = DEFAULT_GATE,
): { state: GateState; action: GateAction } {
  const p = Math.min(1, Math.max(0, obs.notRoad));
  const dt = state.lastAt === null ? Infinity : Math.max(0, now - state.lastAt);
  const alpha = config.tauMs > 0 ? 1 - Math.exp(-dt / config.tauMs) : 1;
  const smoothed = state.smoothed === null ? p : state.smoothed + alpha * (p - state.smoothed);

  let highSince: number | null = state.highSince;
  if (p < ROAD_FRAME_BELOW || smoothed < config.threshold) highSince = null;
  else highSince ??= now;

  let label = state.label;
  if (label === null) label = smoothed >= 0.5 ? 'not-road' : 'road';
  else if (label === 'road' && smoothed > VERDICT_BAND.toNotRoad) label = 'not-road';
  else if (label === 'not-road' && smoothed < VERDICT_BAND.toRoad) label = 'road';

  const off = highSince !== null && now - highSince >= config.holdMs;
  return {
    state: { smoothed, lastAt: now, highSince, label },
    action: off ? 'camera-off' : 'none',
  };
}

/** The confidence shown with a verdict: the smoothed probability of that label. */
export function verdictConfidence(state: GateState): number | null {
  if (state.smoothed === null || state.label === null) return null;
  return state.label === 'not-road' ? state.smoothed : 1 - state.smoothed;
}
