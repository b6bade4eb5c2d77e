/**
 * The phone's motion sensor, as the page gets it: `devicemotion` events fed to the motion detector
 * (src/gate/motion.ts), and a call when the car starts moving (ARCHITECTURE.md, Gate: motion wake).
 * DeviceMotion is everywhere a phone browser runs; the Generic Sensor API adds nothing needed here.
 */
import { INITIAL_MOTION, stepMotion, type MotionState, type Vec3 } from '../gate/motion.ts';

/**
 * How the browser offers motion: not at all, behind a permission (`requestPermission`: iOS, and
 * Chromium, which grants it without asking), or freely.
 */
export type MotionSupport = 'none' | 'ask' | 'events';

/** `prompt`: not decided, and it could not be asked (no user gesture). */
export type MotionPermission = 'granted' | 'denied' | 'prompt';

/**
 * No event with data within 1 s of listening: no sensor. Phones send 50–60 events a second;
 * desktop browsers have the API and send nothing, or one event of nulls.
 */
export const SENSOR_SILENT_MS = 1_000;

/** What the controller needs of a motion sensor (a fake in tests). */
export interface MotionSource {
  readonly support: MotionSupport;
  /**
   * Motion access. Where the browser asks (iOS), it asks only on a user gesture; without one the
   * answer is what was decided before, or `prompt`.
   */
  requestPermission(): Promise<MotionPermission>;
  /** Listens for `SENSOR_SILENT_MS`: true when an event with data came. */
  probe(): Promise<boolean>;
  /**
   * Listens (replacing earlier listening): `onMoving` when the detector goes from still to moving,
   * a car that starts moving (one already moving when listening starts has to stop first);
   * `onSilent` when no event with data came within `SENSOR_SILENT_MS`.
   */
  start(onMoving: () => void, onSilent: () => void): void;
  /** Removes the listener and the timer. */
  stop(): void;
}

type MotionEventClass = { requestPermission?: () => Promise<'granted' | 'denied'> };

const vec = (a: DeviceMotionEventAcceleration | null): Vec3 | null =>
  a && a.x !== null && a.y !== null && a.z !== null ? { x: a.x, y: a.y, z: a.z } : null;

const hasData = (e: DeviceMotionEvent) =>
  vec(e.acceleration) !== null || vec(e.accelerationIncludingGravity) !== null;

/** `devicemotion` on `window`. */
export class DeviceMotionSource implements MotionSource {
  private listener: ((e: DeviceMotionEvent) => void) | null = null;
  private silentTimer: ReturnType<typeof setTimeout> | null = null;

  private get eventClass(): MotionEventClass | undefined {
    if (typeof window === 'undefined') return undefined;
    return (globalThis as { DeviceMotionEvent?: MotionEventClass }).DeviceMotionEvent;
  }

  get support(): MotionSupport {
    const cls = this.eventClass;
    if (!cls) return 'none';
    return typeof cls.requestPermission === 'function' ? 'ask' : 'events';
  }

  async requestPermission(): Promise<MotionPermission> {
    const cls = this.eventClass;
    if (!cls) return 'denied';
    if (typeof cls.requestPermission !== 'function') return 'granted';
    try {
      return (await cls.requestPermission()) === 'granted' ? 'granted' : 'denied';
    } catch {
      // NotAllowedError: undecided, and not asked on a user gesture.
      return 'prompt';
    }
  }

  probe(): Promise<boolean> {
    if (this.support === 'none') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (found: boolean) => {
        clearTimeout(timer);
        window.removeEventListener('devicemotion', onEvent);
        resolve(found);
      };
      const onEvent = (e: DeviceMotionEvent) => {
        if (hasData(e)) done(true);
      };
      const timer = setTimeout(() => done(false), SENSOR_SILENT_MS);
      window.addEventListener('devicemotion', onEvent);
    });
  }

  start(onMoving: () => void, onSilent: () => void): void {
    this.stop();
    if (this.support === 'none') {
      onSilent();
      return;
    }
    let state: MotionState = INITIAL_MOTION;
    const listener = (e: DeviceMotionEvent) => {
      if (!hasData(e)) return;
      if (this.silentTimer !== null) clearTimeout(this.silentTimer);
      this.silentTimer = null;
      const before = state.verdict;
      state = stepMotion(state, {
        t: e.timeStamp,
        linear: vec(e.acceleration),
        withGravity: vec(e.accelerationIncludingGravity),
      });
      if (before === 'still' && state.verdict === 'moving') onMoving();
    };
    this.listener = listener;
    this.silentTimer = setTimeout(() => {
      this.stop();
      onSilent();
    }, SENSOR_SILENT_MS);
    window.addEventListener('devicemotion', listener);
  }

  stop(): void {
    if (this.silentTimer !== null) clearTimeout(this.silentTimer);
    this.silentTimer = null;
    if (this.listener) window.removeEventListener('devicemotion', this.listener);
    this.listener = null;
  }
}
