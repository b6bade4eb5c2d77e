import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RESTART_WINDOW_MS,
  WorkerSupervisor,
} from '../../../../src/controller/workerSupervisor.ts';
import { bitmap, CATALOG, spawner } from './fakes.ts';

const entry = CATALOG.variants[0]!;

describe('WorkerSupervisor', () => {
  beforeEach(() => {
    vi.stubGlobal('location', { href: 'https://app.example/' });
    vi.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const setUp = () => {
    const { spawn, clients } = spawner();
    const died = vi.fn();
    const backendChanged = vi.fn();
    return { supervisor: new WorkerSupervisor({ died, backendChanged }, spawn), clients, died };
  };

  it('starts one worker, and a new one only when the last died', () => {
    const { supervisor, clients } = setUp();
    expect(supervisor.alive).toBe(false);
    supervisor.ensureStarted();
    supervisor.ensureStarted();
    expect(clients).toHaveLength(1);
    clients[0]!.die();
    expect(supervisor.alive).toBe(false);
    supervisor.ensureStarted();
    expect(clients).toHaveLength(2);
    expect(clients[0]!.terminated).toBe(true);
  });

  it('loads a catalog entry by its URLs on this origin', async () => {
    const { supervisor, clients } = setUp();
    supervisor.ensureStarted();
    const load = vi.spyOn(clients[0]!, 'load');
    await expect(supervisor.load(entry, 'wasm')).resolves.toMatchObject({ variant: entry.id });
    expect(load).toHaveBeenCalledWith(
      `https://app.example/models/${entry.id}/model.json`,
      entry.id,
      128,
      'wasm',
      undefined,
      undefined,
      undefined,
    );
    // What follows the URL, id and size: the engine, the .tflite, the preferred engine, the head.
    const tail = () => load.mock.lastCall?.slice(3);
    await supervisor.load(entry, undefined, 'webgl');
    expect(tail()).toEqual([undefined, undefined, 'webgl', undefined]);
    // A personal head goes with the load, for the worker to put in place of the model's own.
    const head = { kernel: new Float32Array(512), bias: new Float32Array(2) };
    await supervisor.load(entry, undefined, undefined, head);
    expect(tail()).toEqual([undefined, undefined, undefined, head]);
  });

  it('reports a death with its generation, except during a load (which reports it itself)', async () => {
    const { supervisor, clients, died } = setUp();
    supervisor.ensureStarted();
    const generation = supervisor.generation;
    let release = () => {};
    vi.spyOn(clients[0]!, 'load').mockReturnValue(
      new Promise((_, reject) => (release = () => reject(new Error('crashed')))),
    );
    const loading = supervisor.load(entry).catch(() => undefined);
    clients[0]!.die('during the load');
    expect(died).not.toHaveBeenCalled();
    release();
    await loading;
    clients[0]!.onDied?.('afterwards');
    expect(died).toHaveBeenCalledExactlyOnceWith(generation, 'afterwards');
    expect(supervisor.isCurrent(generation)).toBe(true);
  });

  it('restarts once per window: a second death soon after is not restarted', () => {
    const { supervisor, clients } = setUp();
    supervisor.ensureStarted();
    const first = supervisor.generation;
    expect(supervisor.restart()).toBe(true);
    expect(clients).toHaveLength(2);
    expect(supervisor.isCurrent(first)).toBe(false);
    vi.advanceTimersByTime(RESTART_WINDOW_MS - 1_000);
    expect(supervisor.restart()).toBe(false);
    expect(supervisor.started).toBe(false);
    expect(clients[1]!.terminated).toBe(true);
    vi.advanceTimersByTime(RESTART_WINDOW_MS);
    expect(supervisor.restart()).toBe(true);
    expect(supervisor.alive).toBe(true);
  });

  it('closes a frame that no live worker can take', () => {
    const { supervisor, clients } = setUp();
    const frame = bitmap();
    expect(supervisor.classify(frame)).toBeNull();
    expect(frame.close).toHaveBeenCalledTimes(1);
    supervisor.ensureStarted();
    const sent = supervisor.classify(bitmap());
    expect(sent?.generation).toBe(supervisor.generation);
    clients[0]!.die();
    const late = bitmap();
    expect(supervisor.classify(late)).toBeNull();
    expect(late.close).toHaveBeenCalledTimes(1);
  });
});
