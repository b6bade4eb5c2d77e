import { describe, expect, it } from 'vitest';
import {
  CAMERA_OFF_AFTER_MS,
  DEFAULT_GATE,
  INITIAL_GATE,
  NOT_ROAD_THRESHOLD,
  step,
  verdictConfidence,
  type GateState,
} from '../../../../src/gate/gate.ts';

/** Feeds (time ms, not-road probability) pairs; returns the time of the first camera-off, or null. */
function run(
  frames: [number, number][],
  config = DEFAULT_GATE,
): { offAt: number | null; state: GateState } {
  let state = INITIAL_GATE;
  for (const [t, p] of frames) {
    const r = step(state, { notRoad: p }, t, config);
    state = r.state;
    if (r.action === 'camera-off') return { offAt: t, state };
  }
  return { offAt: null, state };
}

/** Frames every `dt` ms from `from` to `to` with probability p. */
const frames = (from: number, to: number, p: number, dt = 100): [number, number][] =>
  Array.from({ length: Math.floor((to - from) / dt) + 1 }, (_, i) => [from + i * dt, p]);

describe('camera-off gate', () => {
  it('uses the design defaults: 0.8 for 3 s', () => {
    expect(NOT_ROAD_THRESHOLD).toBe(0.8);
    expect(CAMERA_OFF_AFTER_MS).toBe(3_000);
  });

  it.each([
    ['steady not-road turns off after 3 s', frames(0, 5000, 0.95), 3000],
    ['steady road never turns off', frames(0, 20_000, 0.05), null],
    ['undecided 0.7 never turns off', frames(0, 20_000, 0.7), null],
    [
      'not-road after road: the clock starts when the smoothed value crosses 0.8',
      [...frames(0, 2000, 0.02), ...frames(2100, 8000, 0.99)],
      5900,
    ],
  ] as [string, [number, number][], number | null][])('%s', (_name, seq, expected) => {
    const { offAt } = run(seq);
    if (expected === null) expect(offAt).toBeNull();
    else {
      expect(offAt).not.toBeNull();
      expect(offAt as number).toBeGreaterThanOrEqual(expected - 400);
      expect(offAt as number).toBeLessThanOrEqual(expected + 400);
    }
  });

  it('any road frame resets the clock', () => {
    const seq: [number, number][] = [
      ...frames(0, 2500, 0.95),
      [2600, 0.1],
      ...frames(2700, 5000, 0.95),
    ];
    // Without the road frame this would be off at 3000; with it, not before 2700 + 3000.
    expect(run(seq.filter(([t]) => t !== 2600)).offAt).toBe(3000);
    expect(run(seq).offAt).toBeNull();
    const { offAt } = run([...seq, ...frames(5100, 7000, 0.95)]);
    expect(offAt).toBeGreaterThanOrEqual(2700 + 3000);
    expect(offAt).toBeLessThanOrEqual(2700 + 3000 + 400);
  });

  it('never turns off before the hold time, whatever the frame rate', () => {
    for (const dt of [33, 100, 500, 1000]) {
      const { offAt } = run(frames(0, 10_000, 1, dt));
      expect(offAt).toBeGreaterThanOrEqual(3000);
      expect(offAt).toBeLessThanOrEqual(3000 + dt);
    }
  });

  it('honours a configured threshold and hold time (0 is a real threshold)', () => {
    const quick = { ...DEFAULT_GATE, holdMs: 1000, threshold: 0.6 };
    const { offAt } = run(frames(0, 3000, 0.7), quick);
    expect(offAt).toBeGreaterThanOrEqual(1000);
    expect(offAt).toBeLessThanOrEqual(1200);
    // Threshold 0: any frame that is not a road frame (p >= 0.5) counts; a road frame still resets.
    const zero = { ...DEFAULT_GATE, threshold: 0 };
    expect(run(frames(0, 5000, 0.5), zero).offAt).toBe(3000);
    expect(run(frames(0, 20_000, 0.3), zero).offAt).toBeNull();
  });

  it('keeps the verdict from flickering around 0.5 (hysteresis)', () => {
    let state = step(INITIAL_GATE, { notRoad: 0.3 }, 0).state;
    expect(state.label).toBe('road');
    const labels = [0.55, 0.45, 0.55, 0.45].map(
      (p, i) => (state = step(state, { notRoad: p }, 100 * (i + 1)).state).label,
    );
    expect(labels).toEqual(['road', 'road', 'road', 'road']);
    state = step(state, { notRoad: 1 }, 5000).state;
    expect(state.label).toBe('not-road');
    expect(verdictConfidence(state)).toBeCloseTo(state.smoothed as number, 9);
  });

  it('is pure: the same input gives the same output and the input is not changed', () => {
    const s = Object.freeze({ ...INITIAL_GATE });
    expect(step(s, { notRoad: 0.9 }, 10)).toEqual(step(s, { notRoad: 0.9 }, 10));
  });
});
