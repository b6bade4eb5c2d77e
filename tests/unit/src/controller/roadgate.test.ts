/** The controller on a fake camera and fake workers: what the UI sees, and the camera's state. */
import { describe, expect, it, vi } from 'vitest';
import { Roadgate } from '../../../../src/controller/roadgate.ts';
import { RESTART_WINDOW_MS } from '../../../../src/controller/workerSupervisor.ts';
import { CAMERA_OFF_AFTER_MS } from '../../../../src/gate/gate.ts';
import { WorkerError } from '../../../../src/inference/client.ts';
import { B, CATALOG, fakeBrowserTime, FakeCamera, spawner } from './fakes.ts';

/** A controller with its video attached, and its fakes. */
function setUp(variant: string | null = null) {
  const camera = new FakeCamera();
  const workers = spawner();
  const roadgate = new Roadgate(
    { variant },
    {
      camera: camera.devices,
      spawnWorker: () => workers.spawn(),
      fetchCatalog: async () => CATALOG,
    },
  );
  roadgate.attachVideo({} as HTMLVideoElement);
  return { roadgate, camera, workers, snap: () => roadgate.getSnapshot() };
}

/** Frames every 100 ms for `ms`, the clock moving with them. */
async function frames(camera: FakeCamera, ms: number) {
  for (let t = 0; t < ms; t += 100) {
    vi.advanceTimersByTime(100);
    await camera.frame();
  }
}

describe('Roadgate', () => {
  fakeBrowserTime();

  it('loads the default model, then runs the camera until the gate turns it off', async () => {
    const { roadgate, camera, snap } = setUp();
    await roadgate.startCamera(); // No model yet: no camera.
    expect(camera.opened).toBe(0);
    await roadgate.init();
    expect(snap()).toMatchObject({ app: 'ready', variant: CATALOG.default, camera: 'off' });
    await roadgate.startCamera();
    expect(snap()).toMatchObject({ app: 'running', camera: 'on' });
    expect(camera.on).toBe(true);
    await frames(camera, 2_000);
    expect(snap().verdict?.label).toBe('road');
    expect(camera.on).toBe(true);
  });

  it('turns the camera off when no road is seen for the hold time, and re-checks if asked', async () => {
    const { roadgate, camera, workers, snap } = setUp();
    await roadgate.init();
    await roadgate.startCamera();
    workers.clients[0]!.notRoad = 0.95;
    await frames(camera, CAMERA_OFF_AFTER_MS + 500);
    expect(snap()).toMatchObject({ app: 'paused', camera: 'off', offReason: 'not-road' });
    expect(camera.on).toBe(false);
    roadgate.setRecheck(15_000);
    vi.advanceTimersByTime(14_000);
    expect(camera.opened).toBe(1);
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(snap().camera).toBe('on'));
    expect(camera.opened).toBe(2);
  });

  it('releases the camera while hidden and resumes it when shown', async () => {
    const { roadgate, camera, snap } = setUp();
    await roadgate.init();
    await roadgate.startCamera();
    roadgate.onVisibility(true);
    expect(snap()).toMatchObject({ app: 'paused', camera: 'off', offReason: 'hidden' });
    expect(camera.on).toBe(false);
    await roadgate.startCamera(); // Not while hidden.
    expect(camera.on).toBe(false);
    roadgate.onVisibility(false);
    await vi.waitFor(() => expect(snap().camera).toBe('on'));
    expect(camera.on).toBe(true);
  });

  it('a camera that cannot open is an error with Retry, and the camera stays off', async () => {
    const { roadgate, camera, snap } = setUp();
    await roadgate.init();
    camera.openError = new Error('no camera here');
    await roadgate.startCamera();
    expect(snap()).toMatchObject({ app: 'error', camera: 'off', failed: 'camera' });
    expect(snap().error).toMatch(/no camera here/);
    camera.openError = null;
    await roadgate.retry();
    expect(snap()).toMatchObject({ app: 'running', camera: 'on' });
  });

  it('a dead worker: camera off at once, a new worker, the camera back; dead again soon: Retry', async () => {
    const { roadgate, camera, workers, snap } = setUp();
    await roadgate.init();
    await roadgate.startCamera();
    workers.clients[0]!.die('it went silent');
    expect(camera.on).toBe(false);
    await vi.waitFor(() => expect(snap().camera).toBe('on'));
    expect(workers.clients).toHaveLength(2);
    expect(snap().notice).toMatch(/stopped \(it went silent\) and was restarted/);
    vi.advanceTimersByTime(RESTART_WINDOW_MS / 2);
    workers.clients[1]!.die('it went silent again');
    expect(snap()).toMatchObject({ app: 'error', camera: 'off', failed: 'init' });
    expect(camera.on).toBe(false);
    await roadgate.retry();
    expect(snap()).toMatchObject({ app: 'ready', camera: 'off' });
    expect(workers.clients).toHaveLength(3);
  });

  it('a variant that fails to load leaves the running one going, with a notice', async () => {
    const { roadgate, workers, snap } = setUp();
    await roadgate.init();
    workers.clients[0]!.loadError = new WorkerError('model-damaged', 'not a model');
    await roadgate.selectVariant(B);
    expect(snap()).toMatchObject({ app: 'ready', variant: CATALOG.default, switching: null });
    expect(snap().notice).toMatch(/cannot be used: not a model.* keeps running/);
  });

  it('no model at all is the error state, and no camera starts', async () => {
    const { roadgate, camera, workers, snap } = setUp(B);
    const spawn = workers.spawn;
    workers.spawn = () => Object.assign(spawn(), { loadError: new WorkerError('no-backend', 'x') });
    await roadgate.init();
    expect(snap()).toMatchObject({ app: 'error', failed: 'init', variant: null, camera: 'off' });
    expect(snap().error).toMatch(/No way to run the model works in this browser \(x\)/);
    await roadgate.startCamera();
    expect(camera.opened).toBe(0);
  });
});
