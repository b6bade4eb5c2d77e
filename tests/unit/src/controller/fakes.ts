/** Stand-ins for the controller's devices: an inference worker client and a camera. */
import { afterEach, beforeEach, vi } from 'vitest';
import type { CameraError } from '../../../../src/camera/camera.ts';
import type { FrameConsumer } from '../../../../src/camera/framePump.ts';
import type { CameraDevices } from '../../../../src/controller/cameraControl.ts';
import type { WorkerClient } from '../../../../src/controller/workerSupervisor.ts';
import { WorkerError } from '../../../../src/inference/client.ts';
import type { Backend, BackendInfo, WorkerReply } from '../../../../src/inference/protocol.ts';
import type { Catalog } from '../../../../src/models/catalog.ts';

type Loaded = Extract<WorkerReply, { type: 'loaded' }>;
type Result = Extract<WorkerReply, { type: 'result' }>;

export const A = 'mobilenet_v1_0.25_128';
export const B = 'mobilenet_v1_0.5_160';
const entry = (id: string, width: number, inputSize: number) => ({
  id,
  width,
  inputSize,
  quantization: 'uint8' as const,
  path: `${id}/model.json`,
  bytes: 1000,
  testAccuracy: 0.9,
});
export const CATALOG: Catalog = { default: A, variants: [entry(A, 0.25, 128), entry(B, 0.5, 160)] };

const WASM: BackendInfo = { backend: 'wasm', fallbacks: [], threads: false };

/** A worker client whose loads succeed and whose frames get `notRoad`, unless told otherwise. */
export class FakeClient implements WorkerClient {
  dead: string | null = null;
  onBackendChanged: WorkerClient['onBackendChanged'] = null;
  onDied: WorkerClient['onDied'] = null;
  notRoad = 0.1;
  loadError: WorkerError | null = null;
  loads: string[] = [];
  /** Each load's engine arguments: only this one (`backend`), or this one first (`prefer`). */
  engines: { backend?: Backend; prefer?: Backend }[] = [];
  terminated = false;
  /** Ms per frame the worker reports, by variant and engine. */
  msFor: (variant: string, backend: Backend) => number = () => 5;
  private running: { variant: string; backend: Backend } = { variant: '', backend: 'wasm' };

  load(
    _url: string,
    variant: string,
    _size?: number,
    backend?: Backend,
    _tflite?: string,
    prefer?: Backend,
  ): Promise<Loaded> {
    this.loads.push(variant);
    this.engines.push({ backend, prefer });
    if (this.dead !== null) return Promise.reject(new WorkerError('crashed', this.dead));
    if (this.loadError) return Promise.reject(this.loadError);
    this.running = { variant, backend: backend ?? prefer ?? 'wasm' };
    const r = { type: 'loaded', id: 1, variant, loadMs: 1, warmupMs: 1, numTensors: 0 };
    return Promise.resolve({ ...r, ...WASM, backend: this.running.backend } as Loaded);
  }

  classify(bitmap: ImageBitmap): Promise<Result> {
    bitmap.close();
    if (this.dead !== null) return Promise.reject(new WorkerError('crashed', this.dead));
    const scores = { road: 1 - this.notRoad, notRoad: this.notRoad };
    const ms = this.msFor(this.running.variant, this.running.backend);
    const r = { type: 'result', id: 1, scores, ms, backend: this.running.backend, numTensors: 0 };
    return Promise.resolve({ ...r, memoryBytes: 0 } as Result);
  }

  terminate(): void {
    this.terminated = true;
    this.dead ??= 'the inference worker was stopped';
  }

  /** The watchdog found it dead. */
  die(reason = 'it went silent'): void {
    this.dead = reason;
    this.onDied?.(reason);
  }
}

/** Every client spawned, newest last; `configure` sets each one up as it is spawned. */
export function spawner(configure: (c: FakeClient) => void = () => undefined): {
  spawn: () => FakeClient;
  clients: FakeClient[];
} {
  const clients: FakeClient[] = [];
  const spawn = () => {
    const client = new FakeClient();
    configure(client);
    clients.push(client);
    return client;
  };
  return { clients, spawn };
}

export const bitmap = () => ({ close: vi.fn() }) as unknown as ImageBitmap;

/** A camera that opens at once (or fails with `openError`) and whose frames the test sends. */
export class FakeCamera {
  private session: { active: boolean; opening: boolean } | null = null;
  opened = 0;
  openError: Error | null = null;
  /** The pump's consumer while the camera runs. */
  consume: FrameConsumer | null = null;
  onLost: ((err: CameraError) => void) | null = null;

  devices = (onLost: (err: CameraError) => void): CameraDevices => {
    this.onLost = onLost;
    const session = {
      active: false,
      opening: false,
      open: async () => {
        if (this.openError) throw this.openError;
        this.opened++;
        session.active = true;
        return {} as MediaStream;
      },
      close: () => {
        session.active = false;
        session.opening = false;
      },
    };
    this.session = session;
    return {
      session,
      startPump: (_video, _size, consume) => {
        this.consume = consume;
        return () => {
          this.consume = null;
        };
      },
      wake: { acquire: async () => undefined, release: async () => undefined },
    };
  };

  /** Whether a camera stream is live. */
  get on(): boolean {
    return this.session?.active ?? false;
  }

  /** Sends one frame through the pump, as the camera would. */
  async frame(): Promise<void> {
    await this.consume?.(bitmap());
  }
}

/**
 * A browser-ish world for a controller test: a location, a navigator, and fake time (timers and
 * `performance.now`), undone after each test.
 */
export function fakeBrowserTime(): void {
  beforeEach(() => {
    vi.stubGlobal('location', { href: 'https://app.example/' });
    vi.stubGlobal('navigator', { onLine: true });
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
}
