import { describe, expect, it } from 'vitest';
import {
  CAMERA_OFF_AFTER_MS,
  DEFAULT_GATE,
  INITIAL_GATE,
  SMOOTHING_TAU_MS,
  step,
  type GateState,
} from '../../../../src/gate/gate.ts';
import {
  describePlan,
  DEFAULT_SAMPLING,
  SLOW_INTERVAL_MS,
  STEADY_AFTER_MS,
  samplingPlan,
  type SamplingPlan,
} from '../../../../src/gate/sampling.ts';

/** A gate state with a verdict of road and a smoothed value `smoothed`. */
const gate = (smoothed: number, patch: Partial<GateState> = {}): GateState => ({
  smoothed,
  lastAt: 0,
  highSince: null,
  label: 'road',
  ...patch,
});

describe('samplingPlan', () => {
  it.each<[string, GateState, number | null, number | null, number, SamplingPlan]>([
    [
      'no frame yet: every frame',
      INITIAL_GATE,
      null,
      null,
      0,
      { intervalMs: 0, reason: 'starting' },
    ],
    [
      'armed gate: every frame',
      gate(0.9, { highSince: 100, label: 'not-road' }),
      0.95,
      null,
      500,
      { intervalMs: 0, reason: 'gate armed' },
    ],
    [
      'a not-road verdict: every frame',
      gate(0.5, { label: 'not-road' }),
      0.1,
      0,
      5000,
      { intervalMs: 0, reason: 'not-road verdict' },
    ],
    [
      'a raw frame with some not-road: every frame',
      gate(0.05),
      0.3,
      0,
      5000,
      { intervalMs: 0, reason: 'not-road evidence' },
    ],
    [
      'a smoothed value with some not-road: every frame',
      gate(0.25),
      0.05,
      0,
      5000,
      { intervalMs: 0, reason: 'not-road evidence' },
    ],
    [
      'calm, but not for long enough',
      gate(0.05),
      0.05,
      4500,
      5000,
      { intervalMs: 0, reason: 'confirming road' },
    ],
    [
      'calm for the steady time: slow',
      gate(0.05),
      0.05,
      4000,
      4000 + STEADY_AFTER_MS,
      { intervalMs: SLOW_INTERVAL_MS, reason: 'steady road' },
    ],
  ])('%s', (_name, g, raw, calmSince, now, expected) => {
    expect(samplingPlan(g, raw, calmSince, now).plan).toEqual(expected);
  });

  it('starts the calm clock at the first calm frame and drops it on evidence', () => {
    expect(samplingPlan(gate(0.05), 0.05, null, 700).calmSince).toBe(700);
    expect(samplingPlan(gate(0.05), 0.05, 300, 700).calmSince).toBe(300);
    expect(samplingPlan(gate(0.05), 0.6, 300, 700).calmSince).toBeNull();
  });

  it('honours its configuration (0 is a real threshold)', () => {
    const strict = { ...DEFAULT_SAMPLING, evidenceAbove: 0, steadyAfterMs: 0 };
    expect(samplingPlan(gate(0), 0, null, 0, strict).plan.reason).toBe('steady road');
    expect(samplingPlan(gate(0), 0.01, null, 0, strict).plan.reason).toBe('not-road evidence');
  });

  it('says the plan as the developer panel shows it', () => {
    expect(describePlan({ intervalMs: 250, reason: 'steady road' })).toBe('4 fps (steady road)');
    expect(describePlan({ intervalMs: 0, reason: 'starting' })).toBe('every frame (starting)');
  });
});

/** Camera frames every 1/30 s; a clip of road (raw 0.03) until `switchAt`, then not-road (0.97). */
const CAMERA_FRAME_MS = 1000 / 30;
const ROAD = 0.03;
const NOT_ROAD = 0.97;

/**
 * The frame pump, frame loop and gate on a simulated clock: a frame is captured at the first
 * camera frame at least the planned interval after the last capture and not before the last
 * result; its result (and the gate's step) comes `latencyMs` later. Returns when the gate turned
 * the camera off, the first not-road camera frame, and the classified frames' result times.
 */
function simulate(switchAt: number, latencyMs: number, sampled: boolean, endAt = 20_000) {
  let g = INITIAL_GATE;
  let calmSince: number | null = null;
  let intervalMs = 0;
  let lastCapture = -Infinity;
  let readyAt = 0;
  const results: number[] = [];
  const firstNotRoad = Math.ceil(switchAt / CAMERA_FRAME_MS) * CAMERA_FRAME_MS;
  for (let i = 0; i * CAMERA_FRAME_MS < endAt; i++) {
    const t = i * CAMERA_FRAME_MS;
    if (t < readyAt || t - lastCapture < intervalMs) continue;
    lastCapture = t;
    const raw = t >= switchAt ? NOT_ROAD : ROAD;
    const now = t + latencyMs;
    readyAt = now;
    results.push(now);
    const r = step(g, { notRoad: raw }, now, DEFAULT_GATE);
    g = r.state;
    if (r.action === 'camera-off') return { offAt: now, firstNotRoad, results };
    const next = samplingPlan(g, raw, calmSince, now);
    calmSince = next.calmSince;
    intervalMs = sampled ? next.plan.intervalMs : 0;
  }
  return { offAt: null, firstNotRoad, results };
}

describe('sampling with the gate (simulated clock)', () => {
  /**
   * The gate's own delay from a clean switch to not-road: the smoothed value needs
   * tau * ln((0.97 - 0.03) / (0.97 - 0.8)) ~ 0.86 s to reach 0.8, then the 3 s hold. The slow
   * rate may add at most the 0.5 s the 3.5 s budget leaves over the hold.
   */
  const RISE_MS = SMOOTHING_TAU_MS * Math.log((NOT_ROAD - ROAD) / (NOT_ROAD - 0.8));
  const BUDGET_MS = 3_500;

  it.each([20, 60, 120])(
    'road for 10 s, then not-road: camera off in budget (latency %i ms, every phase)',
    (latencyMs) => {
      for (let phase = 0; phase < SLOW_INTERVAL_MS; phase += 10) {
        const switchAt = 10_000 + phase;
        const sampled = simulate(switchAt, latencyMs, true);
        const everyFrame = simulate(switchAt, latencyMs, false);
        expect(sampled.offAt).not.toBeNull();
        expect(everyFrame.offAt).not.toBeNull();
        const delay = (sampled.offAt as number) - sampled.firstNotRoad;
        // Within the budget, once the smoothing has risen (the gate's part, at any rate) ...
        expect(delay).toBeLessThanOrEqual(RISE_MS + BUDGET_MS);
        expect(delay).toBeGreaterThanOrEqual(CAMERA_OFF_AFTER_MS);
        // ... and within one camera frame of classifying every frame: slowing down costs nothing.
        expect(sampled.offAt as number).toBeLessThanOrEqual(
          (everyFrame.offAt as number) + CAMERA_FRAME_MS + 1,
        );
      }
    },
  );

  it('classifies at most the slow rate while the road is steadily in view', () => {
    const { results } = simulate(10_000, 20, true);
    // From 2 s (calm for STEADY_AFTER_MS after start) to the switch at 10 s.
    const steady = results.filter((t) => t >= 2_000 && t < 10_000);
    expect(steady.length / 8).toBeLessThanOrEqual(1000 / SLOW_INTERVAL_MS);
    expect(steady.length / 8).toBeGreaterThan(1000 / SLOW_INTERVAL_MS / 2);
    // Every frame at the full rate: the camera's 30 fps, less what the latency skips.
    const all = simulate(10_000, 20, false).results.filter((t) => t >= 2_000 && t < 10_000);
    expect(all.length / 8).toBeGreaterThan(25);
  });
});
