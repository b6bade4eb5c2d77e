import { describe, expect, it, vi } from 'vitest';
import { FrameLoop, type FrameLoopHooks } from '../../../../src/controller/frameLoop.ts';
import { INITIAL_SNAPSHOT, type Snapshot } from '../../../../src/controller/snapshot.ts';
import { CAMERA_OFF_AFTER_MS, DEFAULT_GATE } from '../../../../src/gate/gate.ts';
import { SLOW_INTERVAL_MS, STEADY_AFTER_MS } from '../../../../src/gate/sampling.ts';
import { WorkerError } from '../../../../src/inference/client.ts';
import { FRAME_TIMEOUT_MS } from '../../../../src/inference/watchdog.ts';
import { bitmap, FakeClient } from './fakes.ts';

/** A loop on a fake worker and a clock the test moves; what it asks of its owner is recorded. */
function setUp() {
  const client = new FakeClient();
  let now = 0;
  let snap: Snapshot = INITIAL_SNAPSHOT;
  const hooks = {
    classify: (b: ImageBitmap) => ({ generation: 7, result: client.classify(b) }),
    cameraOn: vi.fn(() => true),
    snapshot: () => snap,
    update: (patch: Partial<Snapshot>) => (snap = { ...snap, ...patch }),
    gateOff: vi.fn(() => true),
    workerStuck: vi.fn(),
  } satisfies FrameLoopHooks;
  const loop = new FrameLoop(
    DEFAULT_GATE,
    hooks,
    () => now,
    () => 1e12 + now,
  );
  /** Frames every 100 ms until `until` ms; the interval the last one asked for. */
  const run = async (until: number) => {
    let interval = 0;
    for (; now <= until; now += 100) interval = await loop.onFrame(bitmap());
    return interval;
  };
  return { client, hooks, loop, run, snap: () => snap };
}

describe('FrameLoop', () => {
  it('asks for the camera off once not-road has held for the hold time, and not before', async () => {
    const { client, hooks, run, snap } = setUp();
    client.notRoad = 0.95;
    await run(CAMERA_OFF_AFTER_MS - 200);
    expect(hooks.gateOff).not.toHaveBeenCalled();
    expect(snap().verdict?.label).toBe('not-road');
    await run(CAMERA_OFF_AFTER_MS + 200);
    expect(hooks.gateOff).toHaveBeenCalled();
    expect(snap().frames).toBeGreaterThan(30);
  });

  it('keeps the camera on while the road is in view', async () => {
    const { hooks, run, snap } = setUp();
    await run(10_000);
    expect(hooks.gateOff).not.toHaveBeenCalled();
    expect(snap().verdict).toMatchObject({ label: 'road' });
    expect(snap().verdict?.confidence).toBeCloseTo(0.9, 2);
  });

  it('drops a frame that comes back after the camera went off', async () => {
    const { client, hooks, run, snap } = setUp();
    client.notRoad = 1;
    hooks.cameraOn.mockReturnValue(false);
    await run(10_000);
    expect(hooks.gateOff).not.toHaveBeenCalled();
    expect(snap().frames).toBe(0);
  });

  it('starts the gate afresh for a new camera session', async () => {
    const { client, hooks, loop, run } = setUp();
    client.notRoad = 1;
    await run(CAMERA_OFF_AFTER_MS - 500);
    loop.resetGate();
    await run(CAMERA_OFF_AFTER_MS + 500);
    expect(hooks.gateOff).not.toHaveBeenCalled();
  });

  it('restarts a worker whose frames keep failing past the frame timeout, once', async () => {
    const { client, hooks, run, snap } = setUp();
    vi.spyOn(client, 'classify').mockRejectedValue(new WorkerError('classify', 'bad frame'));
    await run(FRAME_TIMEOUT_MS - 100);
    expect(hooks.workerStuck).not.toHaveBeenCalled();
    expect(snap().notice).toBe('A frame could not be classified: bad frame');
    await run(FRAME_TIMEOUT_MS + 100);
    expect(hooks.workerStuck).toHaveBeenCalledExactlyOnceWith(
      7,
      'frames could not be classified: bad frame',
    );
  });

  it('leaves a crashed worker to its supervisor', async () => {
    const { client, hooks, run } = setUp();
    client.dead = 'gone';
    await run(FRAME_TIMEOUT_MS * 3);
    expect(hooks.workerStuck).not.toHaveBeenCalled();
    expect(hooks.gateOff).not.toHaveBeenCalled();
  });

  it('slows down on steady road, and classifies every frame again on not-road evidence', async () => {
    const { client, run, snap } = setUp();
    expect(await run(STEADY_AFTER_MS / 2)).toBe(0);
    expect(snap().sampling.reason).toBe('confirming road');
    expect(await run(STEADY_AFTER_MS + 500)).toBe(SLOW_INTERVAL_MS);
    expect(snap().sampling).toEqual({ intervalMs: SLOW_INTERVAL_MS, reason: 'steady road' });
    client.notRoad = 0.9;
    expect(await run(STEADY_AFTER_MS + 600)).toBe(0);
    expect(snap().sampling.reason).toBe('not-road evidence');
  });

  it('starts a new camera session at every frame', async () => {
    const { loop, run, snap } = setUp();
    await run(STEADY_AFTER_MS + 500);
    loop.resetGate();
    expect(snap().sampling).toEqual({ intervalMs: 0, reason: 'starting' });
    expect(await run(STEADY_AFTER_MS + 600)).toBe(0);
  });

  it('logs each classified frame, the camera-off one included', async () => {
    const { client, hooks, run, snap } = setUp();
    client.notRoad = 0.95;
    await run(CAMERA_OFF_AFTER_MS);
    expect(hooks.gateOff).toHaveBeenCalledOnce();
    const rows = snap().driveLog?.rows() ?? [];
    expect(rows).toHaveLength(snap().frames);
    expect(rows[0]).toMatchObject({ atMs: 0, wallMs: 1e12, notRoad: 0.95, camera: 'on' });
    expect(rows.at(-1)).toMatchObject({ camera: 'off', intervalMs: 0, engine: 'wasm' });
    expect(rows.filter((r) => r.camera === 'off')).toHaveLength(1);
  });

  it('logs the camera on when the gate asks for it off but it stays on (teach mode)', async () => {
    const { client, hooks, run, snap } = setUp();
    hooks.gateOff.mockReturnValue(false);
    client.notRoad = 0.95;
    await run(CAMERA_OFF_AFTER_MS + 1_000);
    expect(hooks.gateOff).toHaveBeenCalled();
    expect((snap().driveLog?.rows() ?? []).filter((r) => r.camera === 'off')).toEqual([]);
  });
});
