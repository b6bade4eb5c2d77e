import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InferenceClient, WorkerError } from '../../../../src/inference/client.ts';
import type { WorkerReply, WorkerRequest } from '../../../../src/inference/protocol.ts';
import { FRAME_TIMEOUT_MS, SILENT_WORKER_MS } from '../../../../src/inference/watchdog.ts';

/** Stands in for the worker: records what the page sends, lets the test answer. */
class FakeWorker {
  static last: FakeWorker | null = null;
  sent: { msg: WorkerRequest; transfer: unknown[] }[] = [];
  onmessage: ((e: { data: WorkerReply }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(msg: WorkerRequest, transfer: unknown[]) {
    this.sent.push({ msg, transfer });
  }
  reply(data: WorkerReply) {
    this.onmessage?.({ data });
  }
  terminate() {
    this.terminated = true;
  }
}

const backend = { backend: 'wasm' as const, fallbacks: [], threads: false };

describe('the inference client', () => {
  let saved: unknown;
  beforeEach(() => {
    saved = (globalThis as { Worker?: unknown }).Worker;
    (globalThis as { Worker?: unknown }).Worker = FakeWorker;
  });
  afterEach(() => {
    (globalThis as { Worker?: unknown }).Worker = saved;
  });

  it('matches replies to requests by id, whatever their order', async () => {
    const client = new InferenceClient();
    const w = FakeWorker.last as FakeWorker;
    const stats = client.stats();
    const load = client.load('http://x/m.json', 'mobilenet_v1_0.25_128', 128);
    const [s, l] = w.sent.map((x) => x.msg);
    expect(l).toMatchObject({ type: 'load', modelUrl: 'http://x/m.json', inputSize: 128 });
    w.reply({
      type: 'loaded',
      id: l!.id,
      variant: 'mobilenet_v1_0.25_128',
      loadMs: 1,
      warmupMs: 2,
      numTensors: 3,
      ...backend,
    });
    w.reply({ type: 'stats', id: s!.id, numTensors: 7, backend: 'wasm' });
    await expect(load).resolves.toMatchObject({ type: 'loaded', numTensors: 3 });
    await expect(stats).resolves.toMatchObject({ numTensors: 7 });
  });

  it('transfers the frame bitmap instead of copying it', () => {
    const client = new InferenceClient();
    const bitmap = { width: 128, height: 128, close() {} } as unknown as ImageBitmap;
    void client.classify(bitmap);
    const { msg, transfer } = (FakeWorker.last as FakeWorker).sent[0]!;
    expect(msg).toMatchObject({ type: 'classify', bitmap });
    expect(transfer).toEqual([bitmap]);
  });

  it('rejects with the error code the worker sends', async () => {
    const client = new InferenceClient();
    const w = FakeWorker.last as FakeWorker;
    const p = client.load('http://x/missing.json', 'v', 128);
    w.reply({
      type: 'error',
      id: w.sent[0]!.msg.id,
      code: 'model-network',
      message: 'HTTP 404',
      file: 'http://x/missing.json',
    });
    await expect(p).rejects.toBeInstanceOf(WorkerError);
    await expect(p).rejects.toMatchObject({
      code: 'model-network',
      message: 'HTTP 404',
      file: 'http://x/missing.json',
    });
  });

  it('reports a backend switch made by the worker, and fails pending requests when it crashes', async () => {
    const client = new InferenceClient();
    const w = FakeWorker.last as FakeWorker;
    const seen: string[] = [];
    client.onBackendChanged = (info, reason) => seen.push(`${info.backend}: ${reason}`);
    w.reply({ type: 'backend-changed', id: 0, reason: 'the WebGL context was lost', ...backend });
    expect(seen).toEqual(['wasm: the WebGL context was lost']);
    const p = client.stats();
    w.onerror?.({ message: 'boom' });
    await expect(p).rejects.toMatchObject({ code: 'crashed' });
  });
});

describe('the worker watchdog', () => {
  let saved: unknown;
  beforeEach(() => {
    saved = (globalThis as { Worker?: unknown }).Worker;
    (globalThis as { Worker?: unknown }).Worker = FakeWorker;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    (globalThis as { Worker?: unknown }).Worker = saved;
  });

  const bitmap = () => ({ width: 1, height: 1, close: vi.fn() }) as unknown as ImageBitmap;

  it('pings a worker with work pending, and declares a silent one dead once', async () => {
    const client = new InferenceClient();
    const w = FakeWorker.last as FakeWorker;
    const died = vi.fn();
    client.onDied = died;
    const p = client.load('http://x/m.json', 'v', 128);
    p.catch(() => undefined);
    vi.advanceTimersByTime(3_000);
    expect(w.sent.filter((s) => s.msg.type === 'ping')).toHaveLength(3);
    vi.advanceTimersByTime(SILENT_WORKER_MS);
    await expect(p).rejects.toMatchObject({ code: 'crashed' });
    expect(w.terminated).toBe(true);
    expect(died).toHaveBeenCalledTimes(1);
    expect(died.mock.calls[0]![0]).toMatch(/stopped answering/);
    // Never reused: a new request fails at once, and its bitmap is closed.
    const frame = bitmap();
    await expect(client.classify(frame)).rejects.toMatchObject({ code: 'crashed' });
    expect(frame.close).toHaveBeenCalled();
  });

  it('a worker that answers pings but sits on a frame is dead after the frame timeout', async () => {
    const client = new InferenceClient();
    const w = FakeWorker.last as FakeWorker;
    const died = vi.fn();
    client.onDied = died;
    const p = client.classify(bitmap());
    p.catch(() => undefined);
    for (let t = 0; t < FRAME_TIMEOUT_MS; t += 1_000) {
      vi.advanceTimersByTime(1_000);
      const ping = w.sent.at(-1)!.msg;
      if (ping.type === 'ping') w.reply({ type: 'pong', id: ping.id });
    }
    expect(died).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    await expect(p).rejects.toMatchObject({ code: 'crashed' });
    expect(died.mock.calls[0]![0]).toMatch(/did not answer a frame/);
  });

  it('a frame queued behind a load waits for it without being declared stuck', () => {
    const client = new InferenceClient();
    const w = FakeWorker.last as FakeWorker;
    const died = vi.fn();
    client.onDied = died;
    void client.load('http://x/m.json', 'v', 128).catch(() => undefined);
    void client.classify(bitmap()).catch(() => undefined);
    for (let t = 0; t < 10_000; t += 1_000) {
      vi.advanceTimersByTime(1_000);
      const ping = w.sent.at(-1)!.msg;
      if (ping.type === 'ping') w.reply({ type: 'pong', id: ping.id });
    }
    // The watchdog ran all along (it pinged every tick), and found nothing overdue.
    expect(w.sent.filter((x) => x.msg.type === 'ping')).toHaveLength(10);
    expect(died).not.toHaveBeenCalled();
  });

  it('a script that fails to load, or a message that cannot be read, kills the worker', async () => {
    for (const fail of ['error', 'messageerror'] as const) {
      const client = new InferenceClient();
      const w = FakeWorker.last as FakeWorker;
      const died = vi.fn();
      client.onDied = died;
      const p = client.stats();
      if (fail === 'error') w.onerror?.({ message: '' });
      else w.onmessageerror?.();
      await expect(p).rejects.toMatchObject({ code: 'crashed' });
      expect(died).toHaveBeenCalledTimes(1);
      expect(client.dead).not.toBeNull();
    }
  });

  it('terminate() stops the worker without reporting a death', () => {
    const client = new InferenceClient();
    const died = vi.fn();
    client.onDied = died;
    client.terminate();
    expect((FakeWorker.last as FakeWorker).terminated).toBe(true);
    expect(died).not.toHaveBeenCalled();
  });
});
