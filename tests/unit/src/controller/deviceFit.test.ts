/**
 * The per-device choice inside the controller, on fake workers and a fake camera: a first run
 * times the saved variants while idle, chooses, remembers and loads; the camera stops a timing.
 */
import { describe, expect, it, vi } from 'vitest';
import { IDLE_BEFORE_FIT_MS } from '../../../../src/controller/deviceFit.ts';
import { FIT_STORAGE_KEY, parseRemembered } from '../../../../src/fit/remembered.ts';
import { WorkerError } from '../../../../src/inference/client.ts';
import { A, B, fakeBrowserTime } from './fakes.ts';
import { failLoads, setUp, settle } from './fitSetUp.ts';

describe('DeviceFit', () => {
  fakeBrowserTime();

  it('on a first run, times the saved variants while idle, then remembers and loads the choice', async () => {
    const { roadgate, workers, storage, fit, snap } = setUp();
    await roadgate.init();
    expect(fit().state).toBe('waiting');
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS - 1);
    await settle();
    expect(workers.clients).toHaveLength(1); // Not idle long enough yet.
    vi.advanceTimersByTime(1);
    await settle(() => fit().state === 'done' && snap().switching === null);
    const timed = workers.clients.slice(1);
    expect(timed.map((c) => [c.loads[0], c.engines[0]?.backend])).toEqual([
      [A, 'int8'],
      [A, 'webgl'],
      [A, 'wasm'],
      [B, 'webgl'],
      [B, 'wasm'],
    ]);
    expect(timed.every((c) => c.terminated)).toBe(true);
    expect(fit().result?.choice).toEqual({
      variant: B,
      backend: 'webgl',
      ms: 30,
      overBudget: false,
    });
    expect(parseRemembered(storage!.getItem(FIT_STORAGE_KEY))?.choice.variant).toBe(B);
    // The running worker switched to it, WebGL first.
    expect(workers.clients[0]?.loads).toEqual([A, B]);
    expect(workers.clients[0]?.engines.at(-1)).toEqual({ backend: undefined, prefer: 'webgl' });
    expect(snap().variant).toBe(B);
  });

  it('starts a later launch on the remembered choice, without timing again', async () => {
    const first = setUp();
    await first.roadgate.init();
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => first.fit().state === 'done');
    const later = setUp({ storage: first.storage });
    await later.roadgate.init();
    expect(later.workers.clients[0]?.loads).toEqual([B]);
    expect(later.workers.clients[0]?.engines).toEqual([{ backend: undefined, prefer: 'webgl' }]);
    expect(later.fit()).toMatchObject({ state: 'done', source: 'remembered' });
    vi.advanceTimersByTime(10 * IDLE_BEFORE_FIT_MS);
    await settle();
    expect(later.workers.clients).toHaveLength(1);
  });

  it('stops timing when the camera opens, and starts over once the app is idle again', async () => {
    let frames = 0;
    let start: (() => void) | null = null;
    const t = setUp({ onFrame: () => ++frames === 5 && start?.() });
    start = () => void t.roadgate.startCamera();
    await t.roadgate.init();
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => t.snap().camera === 'on');
    expect(t.fit().state).toBe('waiting');
    expect(t.workers.clients[1]?.terminated).toBe(true);
    expect(t.workers.clients).toHaveLength(2); // No timing beside the camera.
    expect(t.camera.on).toBe(true);
    t.roadgate.stopCamera('user');
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => t.fit().state === 'done');
    expect(t.fit().result?.choice.variant).toBe(B);
    expect(t.workers.clients).toHaveLength(7); // Timed afresh: five pairs.
  });

  it("times but does not switch over the URL's variant", async () => {
    const { roadgate, workers, fit } = setUp({ variant: A });
    await roadgate.init();
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => fit().state === 'done');
    expect(fit().result?.choice.variant).toBe(B);
    expect(workers.clients[0]?.loads).toEqual([A]);
  });

  it('times only when asked where nothing can be remembered', async () => {
    const { roadgate, workers, fit, snap } = setUp({ storage: null });
    await roadgate.init();
    vi.advanceTimersByTime(10 * IDLE_BEFORE_FIT_MS);
    await settle();
    expect(fit().state).toBe('none');
    expect(workers.clients).toHaveLength(1);
    await roadgate.fit.run();
    await settle(() => snap().switching === null);
    expect(fit().state).toBe('done');
    expect(snap().variant).toBe(B);
  });

  it('offers a more accurate unsaved variant, and times only it once downloaded', async () => {
    const { roadgate, workers, saves, fit, snap } = setUp({ saved: new Set([A]) });
    await roadgate.init();
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => fit().state === 'done');
    expect(fit().result?.choice).toMatchObject({ variant: A, backend: 'int8' });
    expect(fit().offer.map((v) => v.id)).toEqual([B]);
    const before = workers.clients.length;
    await roadgate.fit.acceptOffer();
    await settle(() => snap().switching === null && fit().state === 'done');
    expect(saves).toEqual([B]);
    expect(workers.clients.slice(before).map((c) => c.loads[0])).toEqual([B, B]);
    expect(fit().result?.choice).toMatchObject({ variant: B, backend: 'webgl' });
    expect(fit().result?.timings).toHaveLength(5);
    expect(fit().offer).toEqual([]);
  });

  it('says so when no saved model runs on any engine', async () => {
    const { roadgate, workers, fit, snap } = setUp();
    await roadgate.init();
    failLoads(workers, new WorkerError('no-backend', 'no engine here'));
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => fit().state === 'error');
    expect(fit()).toMatchObject({ state: 'error', result: null });
    expect(fit().error).toBe('no saved model could run on any engine here (no engine here)');
    expect(snap()).toMatchObject({ app: 'ready', variant: A }); // The running model goes on.
    vi.advanceTimersByTime(10 * IDLE_BEFORE_FIT_MS);
    await settle();
    expect(workers.clients).toHaveLength(6); // No loop: one try of five pairs.
  });

  /** A first launch that chose B on WebGL and stored it; its storage. */
  async function remembered() {
    const first = setUp();
    await first.roadgate.init();
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => first.fit().state === 'done');
    first.roadgate.dispose();
    return first.storage;
  }

  it('loads a variant picked in the panel on the usual engines, not the remembered one', async () => {
    const later = setUp({ storage: await remembered() });
    await later.roadgate.init();
    await later.roadgate.selectVariant(A);
    expect(later.workers.clients[0]?.loads).toEqual([B, A]);
    expect(later.workers.clients[0]?.engines).toEqual([
      { backend: undefined, prefer: 'webgl' },
      { backend: undefined, prefer: undefined },
    ]);
  });

  it('starts on the default where the remembered variant is no longer saved, or ?backend= is given', async () => {
    const storage = await remembered();
    const lost = setUp({ storage, saved: new Set([A]) });
    await lost.roadgate.init();
    expect(lost.workers.clients[0]?.loads).toEqual([A]);
    expect(lost.snap().app).toBe('ready');
    const engine = setUp({ storage, backend: 'wasm' });
    await engine.roadgate.init();
    expect(engine.workers.clients[0]?.loads).toEqual([A]);
    expect(engine.workers.clients[0]?.engines).toEqual([{ backend: 'wasm', prefer: undefined }]);
  });

  it('does not remember a choice made beside a failure that says nothing lasting', async () => {
    const { roadgate, workers, storage, fit } = setUp();
    await roadgate.init();
    // The fifth pair (B on WASM): its model file did not arrive.
    failLoads(workers, new WorkerError('model-network', 'offline'), (spawned) => spawned === 6);
    vi.advanceTimersByTime(IDLE_BEFORE_FIT_MS);
    await settle(() => fit().state === 'done');
    expect(fit().result?.choice).toMatchObject({ variant: B, backend: 'webgl' });
    expect(fit().kept).toBe(false);
    expect(storage!.getItem(FIT_STORAGE_KEY)).toBeNull();
  });
});
