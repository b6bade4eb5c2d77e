/** Timing one variant on one engine in a worker of its own. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TIMED_FRAMES, timeOn, WARM_FRAMES } from '../../../../src/fit/timing.ts';
import { WorkerError } from '../../../../src/inference/client.ts';
import { bitmap, CATALOG, spawner, type FakeClient } from '../controller/fakes.ts';

const entry = CATALOG.variants[0]!;

describe('timeOn', () => {
  beforeEach(() => vi.stubGlobal('location', { href: 'https://app.example/' }));

  it('loads on that engine only, skips the warm-up frames, and reports the median', async () => {
    let frame = 0;
    // Warm-up frames are slow; the timed ones are 1..TIMED_FRAMES ms.
    const workers = spawner(
      (c) => (c.msFor = () => (frame++ < WARM_FRAMES ? 500 : frame - WARM_FRAMES)),
    );
    const timing = await timeOn(
      entry,
      'webgl',
      { spawn: workers.spawn, frame: async () => bitmap() },
      new AbortController().signal,
    );
    expect(timing).toEqual({ variant: entry.id, backend: 'webgl', ms: (TIMED_FRAMES + 1) / 2 });
    const client = workers.clients[0] as FakeClient;
    expect(client.engines).toEqual([{ backend: 'webgl', prefer: undefined }]);
    expect(client.terminated).toBe(true);
  });

  it('says why an engine cannot run, and stops its worker', async () => {
    const workers = spawner(
      (c) => (c.loadError = new WorkerError('no-backend', 'webgl did not initialise')),
    );
    const timing = await timeOn(
      entry,
      'webgl',
      { spawn: workers.spawn, frame: async () => bitmap() },
      new AbortController().signal,
    );
    expect(timing).toEqual({
      variant: entry.id,
      backend: 'webgl',
      error: 'webgl did not initialise',
    });
    expect(workers.clients[0]?.terminated).toBe(true);
  });

  it('marks a failure that says nothing lasting about the device (a file that did not come)', async () => {
    const workers = spawner((c) => (c.loadError = new WorkerError('model-network', 'offline')));
    const devices = { spawn: workers.spawn, frame: async () => bitmap() };
    const timing = await timeOn(entry, 'int8', devices, new AbortController().signal);
    expect(timing).toEqual({ variant: entry.id, backend: 'int8', error: 'offline', passing: true });
  });

  it("asks for frames at the model's input size (cropped and scaled as the camera's are)", async () => {
    const sizes: number[] = [];
    const frame = async (size: number) => (sizes.push(size), bitmap());
    await timeOn(entry, 'wasm', { spawn: spawner().spawn, frame }, new AbortController().signal);
    expect(new Set(sizes)).toEqual(new Set([entry.inputSize]));
  });

  it('stops its worker at once when aborted, and rejects as aborted', async () => {
    const workers = spawner();
    const abort = new AbortController();
    let frames = 0;
    const frame = async () => {
      if (++frames === 3) abort.abort();
      return bitmap();
    };
    await expect(
      timeOn(entry, 'wasm', { spawn: workers.spawn, frame }, abort.signal),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(workers.clients[0]?.terminated).toBe(true);
    expect(frames).toBe(3);
    await expect(
      timeOn(entry, 'wasm', { spawn: workers.spawn, frame }, abort.signal),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(workers.clients).toHaveLength(1); // Aborted already: no worker started.
  });
});
