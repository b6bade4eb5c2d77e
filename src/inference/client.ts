/**
 * The page's handle on the inference worker: typed requests, one promise per request id, and
 * the frame bitmap transferred (never copied).
 */
import type { Backend, BackendInfo, ErrorCode, WorkerReply, WorkerRequest } from './protocol.ts';
import { assertNever } from './protocol.ts';

export class WorkerError extends Error {
  constructor(
    readonly code: ErrorCode | 'crashed',
    message: string,
  ) {
    super(message);
  }
}

type Reply<T extends WorkerReply['type']> = Extract<WorkerReply, { type: T }>;
type Pending = { resolve: (r: WorkerReply) => void; reject: (e: WorkerError) => void };

export class InferenceClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Called when the worker moves backend on its own (a lost WebGL context). */
  onBackendChanged: ((info: BackendInfo, reason: string) => void) | null = null;

  constructor() {
    this.worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerReply>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      const err = new WorkerError('crashed', `the inference worker failed: ${e.message}`);
      this.pending.forEach((p) => p.reject(err));
      this.pending.clear();
    };
  }

  private receive(msg: WorkerReply): void {
    switch (msg.type) {
      case 'backend-changed':
        this.onBackendChanged?.(msg, msg.reason);
        return;
      case 'error':
        this.pending.get(msg.id)?.reject(new WorkerError(msg.code, msg.message));
        this.pending.delete(msg.id);
        return;
      case 'loaded':
      case 'result':
      case 'stats':
        this.pending.get(msg.id)?.resolve(msg);
        this.pending.delete(msg.id);
        return;
      default:
        assertNever(msg);
    }
  }

  private send<T extends WorkerReply['type']>(
    req: WorkerRequest,
    transfer: Transferable[] = [],
  ): Promise<Reply<T>> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve: resolve as (r: WorkerReply) => void, reject });
      this.worker.postMessage(req, transfer);
    });
  }

  load(
    modelUrl: string,
    variant: string,
    inputSize: number,
    backend?: Backend,
    tfliteUrl?: string,
  ) {
    return this.send<'loaded'>({
      type: 'load',
      id: this.nextId++,
      modelUrl,
      tfliteUrl,
      variant,
      inputSize,
      backend,
    });
  }

  /** Classifies a frame; the bitmap is transferred to the worker, which closes it. */
  classify(bitmap: ImageBitmap) {
    return this.send<'result'>({ type: 'classify', id: this.nextId++, bitmap }, [bitmap]);
  }

  stats() {
    return this.send<'stats'>({ type: 'stats', id: this.nextId++ });
  }

  terminate(): void {
    this.worker.terminate();
    const err = new WorkerError('crashed', 'the inference worker was stopped');
    this.pending.forEach((p) => p.reject(err));
    this.pending.clear();
  }
}
