import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InferenceClient, WorkerError } from '../../src/inference/client.ts';
import { assertNever, type WorkerReply, type WorkerRequest } from '../../src/inference/protocol.ts';

/** Stands in for the worker: records what the page sends, lets the test answer. */
class FakeWorker {
  static last: FakeWorker | null = null;
  sent: { msg: WorkerRequest; transfer: unknown[] }[] = [];
  onmessage: ((e: { data: WorkerReply }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
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

describe('worker protocol', () => {
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
    w.reply({ type: 'error', id: w.sent[0]!.msg.id, code: 'model-load', message: 'HTTP 404' });
    await expect(p).rejects.toBeInstanceOf(WorkerError);
    await expect(p).rejects.toMatchObject({ code: 'model-load', message: 'HTTP 404' });
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

  it('assertNever throws on a message type nobody handles', () => {
    expect(() => assertNever({ type: 'nope' } as never)).toThrow(/unhandled message/);
  });
});
