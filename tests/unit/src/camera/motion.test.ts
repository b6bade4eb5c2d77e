/** The `devicemotion` source: support, the 1 s probe, still → moving, and listeners removed. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceMotionSource, SENSOR_SILENT_MS } from '../../../../src/camera/motion.ts';

/** A `window` that counts its `devicemotion` listeners. */
class FakeWindow extends EventTarget {
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>) {
    this.listeners++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>) {
    this.listeners--;
    super.removeEventListener(...args);
  }
}

let win: FakeWindow;
let clock = 0;

/** One event at `clock`, with linear acceleration `z` (null: a browser without a sensor). */
function send(z: number | null) {
  const e = new Event('devicemotion');
  const a = z === null ? null : { x: 0, y: 0, z };
  Object.defineProperties(e, {
    acceleration: { value: a },
    accelerationIncludingGravity: { value: null },
    timeStamp: { value: clock },
  });
  win.dispatchEvent(e);
}

/** Events at 50 Hz for `ms`, alternating ±`amp` (0: rest). */
function stream(ms: number, amp: number) {
  for (const end = clock + ms; clock < end; clock += 20) {
    send(Math.round(clock / 20) % 2 ? amp : -amp);
    vi.advanceTimersByTime(20);
  }
}

describe('DeviceMotionSource', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    win = new FakeWindow();
    clock = 0;
    vi.stubGlobal('window', win);
    vi.stubGlobal('DeviceMotionEvent', class {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('says how the browser offers motion', () => {
    expect(new DeviceMotionSource().support).toBe('events');
    vi.stubGlobal('DeviceMotionEvent', { requestPermission: async () => 'granted' });
    expect(new DeviceMotionSource().support).toBe('ask');
    vi.stubGlobal('DeviceMotionEvent', undefined);
    expect(new DeviceMotionSource().support).toBe('none');
  });

  it('asks for access as the browser does: a static method, rejected without a tap', async () => {
    const granting = {
      requestPermission(this: unknown) {
        // Called detached, Chromium throws "Illegal invocation".
        if (this !== granting) throw new TypeError('Illegal invocation');
        return Promise.resolve('granted');
      },
    };
    vi.stubGlobal('DeviceMotionEvent', granting);
    await expect(new DeviceMotionSource().requestPermission()).resolves.toBe('granted');
    const noTap = () => Promise.reject(new DOMException('needs a user gesture', 'NotAllowedError'));
    vi.stubGlobal('DeviceMotionEvent', { requestPermission: noTap });
    await expect(new DeviceMotionSource().requestPermission()).resolves.toBe('prompt');
    vi.stubGlobal('DeviceMotionEvent', class {});
    await expect(new DeviceMotionSource().requestPermission()).resolves.toBe('granted');
  });

  it('probes: an event with data within 1 s is a sensor, nulls or nothing are not', async () => {
    const found = new DeviceMotionSource().probe();
    send(0.01);
    await expect(found).resolves.toBe(true);
    const nulls = new DeviceMotionSource().probe();
    send(null);
    vi.advanceTimersByTime(SENSOR_SILENT_MS);
    await expect(nulls).resolves.toBe(false);
    expect(win.listeners).toBe(0);
  });

  it('calls onMoving once when still turns to moving, and stop() removes its listener', () => {
    const source = new DeviceMotionSource();
    const moving = vi.fn();
    const silent = vi.fn();
    source.start(moving, silent);
    expect(win.listeners).toBe(1);
    stream(3_000, 0.01);
    expect(moving).not.toHaveBeenCalled();
    stream(3_000, 0.5);
    expect(moving).toHaveBeenCalledTimes(1);
    source.stop();
    expect(win.listeners).toBe(0);
    expect(silent).not.toHaveBeenCalled();
  });

  it('does not call onMoving for a car already moving when listening starts', () => {
    const source = new DeviceMotionSource();
    const moving = vi.fn();
    source.start(moving, vi.fn());
    stream(6_000, 0.5);
    expect(moving).not.toHaveBeenCalled();
    source.stop();
  });

  it('calls onSilent and stops when no event with data comes within 1 s', () => {
    const source = new DeviceMotionSource();
    const silent = vi.fn();
    source.start(vi.fn(), silent);
    send(null);
    vi.advanceTimersByTime(SENSOR_SILENT_MS);
    expect(silent).toHaveBeenCalledTimes(1);
    expect(win.listeners).toBe(0);
  });
});
