/** Motion wake on the controller: when it listens, and a car that starts moving turns the camera on. */
import { describe, expect, it, vi } from 'vitest';
import type {
  MotionPermission,
  MotionSource,
  MotionSupport,
} from '../../../../src/camera/motion.ts';
import { listenForMotion, type MotionSetting } from '../../../../src/controller/motionWake.ts';
import { Roadgate } from '../../../../src/controller/roadgate.ts';
import { CAMERA_OFF_AFTER_MS } from '../../../../src/gate/gate.ts';
import { CATALOG, fakeBrowserTime, FakeCamera, spawner } from './fakes.ts';

/** A motion sensor the test drives: `move()` is a car starting, `silence()` a sensor that sends nothing. */
class FakeMotion implements MotionSource {
  support: MotionSupport = 'events';
  found = true;
  /** What `requestPermission` answers. */
  permission: MotionPermission = 'granted';
  asked = 0;
  private handlers: { moving: () => void; silent: () => void } | null = null;

  get listening(): boolean {
    return this.handlers !== null;
  }
  requestPermission = async () => (this.asked++, this.permission);
  /** Events flow once access is granted (a browser that asks first sends none before). */
  probe = async () => this.permission === 'granted' && this.found;
  start(moving: () => void, silent: () => void): void {
    this.handlers = { moving, silent };
  }
  stop(): void {
    this.handlers = null;
  }
  move(): void {
    this.handlers?.moving();
  }
  silence(): void {
    this.handlers?.silent();
  }
}

async function setUp(
  saved: boolean | null = null,
  support: MotionSupport = 'events',
  permission: MotionPermission = 'granted',
) {
  const camera = new FakeCamera();
  const workers = spawner();
  const motion = new FakeMotion();
  motion.support = support;
  motion.permission = permission;
  const roadgate = new Roadgate(
    { variant: null },
    {
      camera: camera.devices,
      spawnWorker: () => workers.spawn(),
      fetchCatalog: async () => CATALOG,
      motion: () => motion,
    },
  );
  roadgate.attachVideo({} as HTMLVideoElement);
  await roadgate.motion.restore(saved);
  await roadgate.init();
  return { roadgate, camera, workers, motion, snap: () => roadgate.getSnapshot() };
}

/** Runs the camera on not-road frames until the gate turns it off. */
async function gateOff({ roadgate, camera, workers }: Awaited<ReturnType<typeof setUp>>) {
  await roadgate.startCamera();
  workers.clients[0]!.notRoad = 0.95;
  for (let t = 0; t < CAMERA_OFF_AFTER_MS + 500; t += 100) {
    vi.advanceTimersByTime(100);
    await camera.frame();
  }
  expect(roadgate.getSnapshot()).toMatchObject({ camera: 'off', offReason: 'not-road' });
}

describe('listenForMotion', () => {
  const on: MotionSetting = { sensor: 'available', on: true };
  const notRoad = { camera: 'off', offReason: 'not-road', opening: false } as const;
  it.each([
    ['camera off for not-road, setting on', notRoad, on, false, true],
    ['the page hidden', notRoad, on, true, false],
    ['the setting off', notRoad, { ...on, on: false }, false, false],
    ['no sensor', notRoad, { sensor: 'none', on: true }, false, false],
    ['permission not granted', notRoad, { sensor: 'ask', on: true }, false, false],
    ['the camera on', { ...notRoad, camera: 'on', offReason: null }, on, false, false],
    ['the camera opening', { ...notRoad, offReason: null, opening: true }, on, false, false],
    ['turned off by the user', { ...notRoad, offReason: 'user' }, on, false, false],
    ['released while hidden', { ...notRoad, offReason: 'hidden' }, on, false, false],
  ] as const)('%s', (_name, snap, setting, hidden, listen) => {
    expect(listenForMotion(snap, setting, hidden)).toBe(listen);
  });
});

describe('MotionWake', () => {
  fakeBrowserTime();

  it('is on by default with a sensor; listens only while the gate has the camera off', async () => {
    const t = await setUp();
    expect(t.roadgate.motion.getSnapshot()).toEqual({ sensor: 'available', on: true });
    expect(t.motion.listening).toBe(false);
    await gateOff(t);
    expect(t.motion.listening).toBe(true);
    expect(t.camera.on).toBe(false);
    t.motion.move();
    expect(t.motion.listening).toBe(false);
    await vi.waitFor(() => expect(t.snap().camera).toBe('on'));
    expect(t.camera.opened).toBe(2);
    expect(t.motion.listening).toBe(false);
  });

  it('stops listening while hidden and listens again when shown', async () => {
    const t = await setUp();
    await gateOff(t);
    t.roadgate.onVisibility(true);
    expect(t.motion.listening).toBe(false);
    t.roadgate.onVisibility(false);
    expect(t.motion.listening).toBe(true);
    expect(t.camera.on).toBe(false);
  });

  it('does nothing with the setting off, saved or chosen', async () => {
    const saved = await setUp(false);
    await gateOff(saved);
    expect(saved.motion.listening).toBe(false);

    const chosen = await setUp();
    await gateOff(chosen);
    await chosen.roadgate.motion.choose(false);
    expect(chosen.motion.listening).toBe(false);
    await chosen.roadgate.motion.choose(true);
    expect(chosen.motion.listening).toBe(true);
  });

  it('does not listen after the user turned the camera off', async () => {
    const t = await setUp();
    await t.roadgate.startCamera();
    t.roadgate.stopCamera('user');
    expect(t.motion.listening).toBe(false);
  });

  it('with no sensor (no events, or a silent one) the setting is off and the re-check stays', async () => {
    const none = await setUp(true, 'none');
    expect(none.roadgate.motion.getSnapshot()).toEqual({ sensor: 'none', on: false });

    const silent = await setUp();
    silent.roadgate.setRecheck(15_000);
    await gateOff(silent);
    silent.motion.silence();
    expect(silent.roadgate.motion.getSnapshot()).toEqual({ sensor: 'none', on: false });
    expect(silent.motion.listening).toBe(false);
    vi.advanceTimersByTime(15_000);
    await vi.waitFor(() => expect(silent.snap().camera).toBe('on'));
  });

  it('where the browser asks first (iOS), asks when the user turns it on', async () => {
    // Undecided: asked at start, without a tap, it cannot ask.
    const t = await setUp(null, 'ask', 'prompt');
    expect(t.roadgate.motion.getSnapshot()).toEqual({ sensor: 'ask', on: false });
    t.motion.permission = 'granted'; // The tap: the browser asks, the user allows.
    await t.roadgate.motion.choose(true);
    expect(t.motion.asked).toBe(2);
    expect(t.roadgate.motion.getSnapshot()).toEqual({ sensor: 'available', on: true });

    const refused = await setUp(null, 'ask', 'prompt');
    refused.motion.permission = 'denied';
    await refused.roadgate.motion.choose(true);
    expect(refused.roadgate.motion.getSnapshot()).toEqual({ sensor: 'denied', on: false });
  });

  it('where access was granted before (or Chromium grants it), it is on by default', async () => {
    const t = await setUp(null, 'ask', 'granted');
    expect(t.roadgate.motion.getSnapshot()).toEqual({ sensor: 'available', on: true });
    // Chromium on a desktop: access granted, but no sensor sends anything.
    t.motion.found = false;
    await t.roadgate.motion.restore(null);
    expect(t.roadgate.motion.getSnapshot()).toEqual({ sensor: 'none', on: false });
  });
});
