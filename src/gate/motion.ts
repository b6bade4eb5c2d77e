/**
 * Still or moving, from the phone's accelerometer: a pure step `(state, sample, config) -> state`,
 * like the gate (ARCHITECTURE.md, Gate: motion wake). No DOM, no timers.
 *
 * The samples are cut into blocks of `blockMs`; a block is *active* when the RMS of the
 * acceleration's magnitude over it (gravity removed) reaches `activeRms`. The verdict looks at
 * the last `windowBlocks` blocks: moving once at least `movingBlocks` of them are active (the
 * motion has lasted most of the window), still once at most `stillBlocks` are; in between it
 * keeps what it said (hysteresis). A door slam or a bump is one or two active blocks, so it never
 * makes a parked car "moving"; a car pulling away and driving keeps nearly every block active.
 * (A plain RMS over the whole window would not do: one slam holds it high for the window's length.)
 */

/** Metres per second squared, along the device's x, y and z axes. */
export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** One accelerometer reading, as a `devicemotion` event gives it. */
export interface MotionSample {
  /** ms, monotonic. */
  t: number;
  /** Acceleration without gravity (the platform's sensor fusion), where the device gives it. */
  linear: Vec3 | null;
  /** Acceleration with gravity: used, gravity split off here, only where `linear` is missing. */
  withGravity: Vec3 | null;
}

export interface MotionConfig {
  blockMs: number;
  windowBlocks: number;
  /** m/s², RMS of the magnitude over one block. */
  activeRms: number;
  movingBlocks: number;
  stillBlocks: number;
  /** Time constant of the low-pass filter that estimates gravity, ms. */
  gravityTauMs: number;
  /** A gap between samples longer than this (the page throttled, the sensor paused) starts afresh. */
  maxGapMs: number;
}

/** A block's length: four per second, so a 2 s window holds 8 of them. */
export const MOTION_BLOCK_MS = 250;
/** The sliding window: 2 s of blocks. */
export const MOTION_WINDOW_BLOCKS = 8;
/**
 * 0.2 m/s². At rest a phone's accelerometer reads noise only: a Bosch BMI160 (a common phone
 * IMU) has 180 µg/√Hz, about 0.01 m/s² per axis over the ~30 Hz a 60 Hz event stream carries,
 * and the linear acceleration that browsers report after sensor fusion is noisier, up to ~0.05
 * m/s² per axis, so ~0.09 m/s² for the magnitude of three axes. A moving car is well above: its
 * vibration on ordinary roads is ~0.2–0.6 m/s² RMS at the seat (ISO 2631-1:1997, Annex C puts
 * "not uncomfortable" below 0.315 m/s², and everyday cars sit around it), more on a dashboard
 * mount, and pulling away is 1–3 m/s² (0–100 km/h in 10 s is 2.8 m/s²). 0.2 is twice the rest
 * noise and at the low end of driving.
 */
export const MOTION_ACTIVE_RMS = 0.2;
/** Moving: 6 of the 8 blocks (1.5 s of 2 s) active. A pull-away is seen ~1.5–2 s after it starts. */
export const MOTION_MOVING_BLOCKS = 6;
/** Still: at most 2 of the 8 blocks active (a slam, a bump, a passenger getting in). */
export const MOTION_STILL_BLOCKS = 2;
/**
 * 1 s. Where the device gives only acceleration with gravity, gravity is its low-pass part and
 * the rest is motion, the split Android's SensorEvent documentation shows (alpha = t / (t + dT)).
 * 1 s passes the car's vibration (1–20 Hz) and follows the phone's tilt within a few seconds; a
 * sustained pull-away fades into "gravity" after ~1 s, but the vibration that comes with it stays.
 */
export const GRAVITY_TAU_MS = 1_000;
/** 1 s without a sample: the stream stopped; what came before says nothing about now. */
export const MOTION_MAX_GAP_MS = 1_000;

export const DEFAULT_MOTION: MotionConfig = {
  blockMs: MOTION_BLOCK_MS,
  windowBlocks: MOTION_WINDOW_BLOCKS,
  activeRms: MOTION_ACTIVE_RMS,
  movingBlocks: MOTION_MOVING_BLOCKS,
  stillBlocks: MOTION_STILL_BLOCKS,
  gravityTauMs: GRAVITY_TAU_MS,
  maxGapMs: MOTION_MAX_GAP_MS,
};

/** `null`: not known yet (fewer than a window of blocks since the start or a gap). */
export type MotionVerdict = 'still' | 'moving' | null;

export interface MotionState {
  verdict: MotionVerdict;
  /** Time of the last sample, ms. */
  lastAt: number | null;
  /** Start of the block being filled, ms. */
  blockStart: number | null;
  /** Sum of squared magnitudes and count in the block being filled. */
  sumSq: number;
  n: number;
  /** Whether each finished block was active, oldest first, at most `windowBlocks`. */
  blocks: readonly boolean[];
  /** The gravity estimate, for samples without `linear`. */
  gravity: Vec3 | null;
}

export const INITIAL_MOTION: MotionState = {
  verdict: null,
  lastAt: null,
  blockStart: null,
  sumSq: 0,
  n: 0,
  blocks: [],
  gravity: null,
};

const isVec = (v: Vec3 | null): v is Vec3 =>
  v !== null && Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.z);

/** The motion part of a sample and the new gravity estimate; null: the sample has no data. */
function motionPart(
  s: MotionSample,
  gravity: Vec3 | null,
  dt: number,
  tauMs: number,
): { a: Vec3; gravity: Vec3 | null } | null {
  if (isVec(s.linear)) return { a: s.linear, gravity };
  const g = s.withGravity;
  if (!isVec(g)) return null;
  if (gravity === null) return { a: { x: 0, y: 0, z: 0 }, gravity: g };
  const alpha = tauMs / (tauMs + dt);
  const next = {
    x: alpha * gravity.x + (1 - alpha) * g.x,
    y: alpha * gravity.y + (1 - alpha) * g.y,
    z: alpha * gravity.z + (1 - alpha) * g.z,
  };
  return { a: { x: g.x - next.x, y: g.y - next.y, z: g.z - next.z }, gravity: next };
}

function decide(blocks: readonly boolean[], before: MotionVerdict, c: MotionConfig): MotionVerdict {
  if (blocks.length < c.windowBlocks) return before;
  const active = blocks.filter(Boolean).length;
  if (active >= c.movingBlocks) return 'moving';
  if (active <= c.stillBlocks) return 'still';
  return before;
}

/** One sample into the detector. A sample with no data changes nothing. */
export function stepMotion(
  state: MotionState,
  sample: MotionSample,
  config: MotionConfig = DEFAULT_MOTION,
): MotionState {
  let s = state;
  if (s.lastAt !== null && (sample.t - s.lastAt > config.maxGapMs || sample.t < s.lastAt)) {
    s = INITIAL_MOTION;
  }
  const dt = s.lastAt === null ? 0 : sample.t - s.lastAt;
  const part = motionPart(sample, s.gravity, dt, config.gravityTauMs);
  if (!part) return state;
  const { a, gravity } = part;

  let { blockStart, sumSq, n, blocks, verdict } = s;
  blockStart ??= sample.t;
  // Close every block that ended before this sample (an empty one, after a short gap, is quiet).
  while (sample.t - blockStart >= config.blockMs) {
    const rms = n > 0 ? Math.sqrt(sumSq / n) : 0;
    blocks = [...blocks, rms >= config.activeRms].slice(-config.windowBlocks);
    verdict = decide(blocks, verdict, config);
    blockStart += config.blockMs;
    sumSq = 0;
    n = 0;
  }
  sumSq += a.x * a.x + a.y * a.y + a.z * a.z;
  n += 1;
  return { verdict, lastAt: sample.t, blockStart, sumSq, n, blocks, gravity };
}
