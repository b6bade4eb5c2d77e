/** The motion detector on synthetic accelerometer traces: rest, a door slam, driving. */
import { describe, expect, it } from 'vitest';
import {
  INITIAL_MOTION,
  stepMotion,
  type MotionSample,
  type MotionState,
  type MotionVerdict,
  type Vec3,
} from '../../../../src/gate/motion.ts';

/** 60 Hz, the rate of `devicemotion` on most phones. */
const DT_MS = 1000 / 60;
const G = 9.81;

/** A seeded normal generator (mulberry32 + Box-Muller): the same trace on every run. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

type Trace = (t: number, noise: () => number) => Vec3;

const add = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x + b.x, y: a.y + b.y, z: a.z + b.z });

/** Sensor noise at rest: `sigma` m/s² per axis. */
const rest =
  (sigma: number): Trace =>
  (_t, noise) => ({ x: sigma * noise(), y: sigma * noise(), z: sigma * noise() });

/** A door slam at `at` ms: a 15 Hz ring of 6 m/s² dying out in ~0.1 s, on rest noise. */
const slam =
  (at: number): Trace =>
  (t, noise) => {
    const since = (t - at) / 1000;
    const ring = since < 0 ? 0 : 6 * Math.exp(-since / 0.08) * Math.sin(2 * Math.PI * 15 * since);
    return add(rest(0.03)(t, noise), { x: 0.3 * ring, y: 0.2 * ring, z: ring });
  };

/**
 * Parked (rest noise) until `from` ms, then a car: road vibration of ~`vib` m/s² RMS (a 2 Hz body
 * mode, 12 Hz wheel hop and broadband noise) and a pull-away of 1.5 m/s² along y for 4 s.
 */
const driving =
  (from: number, vib = 0.4): Trace =>
  (t, noise) => {
    if (t < from) return rest(0.03)(t, noise);
    const s = (t - from) / 1000;
    const pull = s < 4 ? 1.5 * Math.min(1, s / 0.5) : 0;
    const body = vib * Math.sin(2 * Math.PI * 2 * s);
    const hop = 0.6 * vib * Math.sin(2 * Math.PI * 12 * s + 1);
    const rough = 0.35 * vib;
    return {
      x: rough * noise(),
      y: pull + rough * noise(),
      z: body + hop + rough * noise(),
    };
  };

/** Runs `trace` for `ms`; `gravityOnly`: the device reports acceleration with gravity only. */
function run(trace: Trace, ms: number, gravityOnly = false, seed = 1) {
  const noise = gaussian(seed);
  let state: MotionState = INITIAL_MOTION;
  const verdicts: { t: number; verdict: MotionVerdict }[] = [];
  // A phone on a dashboard mount, tilted back ~20°.
  const gravity = { x: 0, y: G * Math.sin(0.35), z: G * Math.cos(0.35) };
  for (let t = 0; t < ms; t += DT_MS) {
    const a = trace(t, noise);
    const sample: MotionSample = gravityOnly
      ? { t, linear: null, withGravity: add(a, gravity) }
      : { t, linear: a, withGravity: add(a, gravity) };
    state = stepMotion(state, sample);
    verdicts.push({ t, verdict: state.verdict });
  }
  const firstMoving = verdicts.find((v) => v.verdict === 'moving')?.t ?? null;
  return { final: state.verdict, firstMoving };
}

describe('motion detector', () => {
  const parked: [string, Trace][] = [
    ['a phone at rest (0.03 m/s² per axis)', rest(0.03)],
    ['a noisy phone at rest (0.05 m/s² per axis)', rest(0.05)],
    ['a parked car with a door slam', slam(5_000)],
    [
      'a parked car with two door slams 1.2 s apart',
      (t, n) => add(slam(4_000)(t, n), slam(5_200)(t, n)),
    ],
  ];
  for (const gravityOnly of [false, true]) {
    const input = gravityOnly ? 'acceleration with gravity only' : 'linear acceleration';
    it.each(parked)(`%s is still, never moving (${input})`, (_name, trace) => {
      const r = run(trace, 20_000, gravityOnly);
      expect(r.firstMoving).toBeNull();
      expect(r.final).toBe('still');
    });

    it.each([
      ['a car pulling away on an ordinary road (0.4 m/s²)', 0.4],
      ['a car pulling away on a smooth road (0.25 m/s²)', 0.25],
    ])(`%s is moving within 2.5 s (${input})`, (_name, vib) => {
      const from = 6_000;
      const r = run(driving(from, vib), 15_000, gravityOnly);
      expect(r.firstMoving).not.toBeNull();
      expect(r.firstMoving as number).toBeGreaterThan(from);
      expect((r.firstMoving as number) - from).toBeLessThanOrEqual(2_500);
      expect(r.final).toBe('moving');
    });
  }

  it('says nothing until a window of samples has come in', () => {
    expect(run(rest(0.03), 1_900).final).toBeNull();
    expect(run(rest(0.03), 2_300).final).toBe('still');
  });

  it('starts afresh after a gap in the samples (a throttled page)', () => {
    let state = INITIAL_MOTION;
    for (let t = 0; t < 5_000; t += DT_MS) {
      state = stepMotion(state, { t, linear: { x: 0, y: 0, z: 0.01 }, withGravity: null });
    }
    expect(state.verdict).toBe('still');
    state = stepMotion(state, { t: 8_000, linear: { x: 0, y: 0, z: 0.01 }, withGravity: null });
    expect(state.verdict).toBeNull();
  });

  it('ignores samples with no data (a browser without a sensor sends nulls)', () => {
    const empty = { t: 0, linear: null, withGravity: null };
    expect(stepMotion(INITIAL_MOTION, empty)).toBe(INITIAL_MOTION);
    const nan = { t: 0, linear: { x: NaN, y: 0, z: 0 }, withGravity: null };
    expect(stepMotion(INITIAL_MOTION, nan)).toBe(INITIAL_MOTION);
  });
});
