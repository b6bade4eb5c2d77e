/**
 * The page's handle on the inference worker: typed requests, one promise per request id, the
 * frame bitmap transferred (never copied), and a watchdog. A worker that crashes, fails to
 * load its script, goes silent or sits on a frame too long is declared dead: it is terminated,
 * every pending request fails with `crashed`, and `onDied` tells the owner, who starts a new
 * client. A dead client is never reused.
 */
import type { Backend, BackendInfo, ErrorCode, WorkerReply, WorkerRequest } from './protocol.ts';
import { assertNever } from './protocol.ts';
import type { Head } from './teachProtocol.ts';
import { pushBounded } from '../util/stats.ts';
import {
  frameTimeout,
  overdueReason,
  SILENT_WORKER_MS,
  WATCHDOG_TICK_MS,
  type Watched,
} from './watchdog.ts';

export class WorkerError extends Error {
  constructor(
    readonly code: ErrorCode | 'crashed',
    message: string,
    /** The model file at fault, for the model-* codes. */
    readonly file?: string,
  ) {
    super(message);
  }
}

type Reply<T extends WorkerReply['type']> = Extract<WorkerReply, { type: T }>;
interface Pending extends Watched {
  resolve: (r: WorkerReply) => void;
  reject: (e: WorkerError) => void;
}

export class InferenceClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lastHeard = performance.now();
  /** When the last load settled: a frame queued behind a load waits for it in the worker. */
  private loadSettledAt = 0;
  private frameMs: number[] = [];
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private deadReason: string | null = null;
  /** Called when the worker moves backend on its own (a lost WebGL context). */
  onBackendChanged: ((info: BackendInfo, reason: string) => void) | null = null;
  /** Called once when the worker is found dead (not after `terminate()`). */
  onDied: ((reason: string) => void) | null = null;

  constructor() {
    this.worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerReply>) => this.receive(e.data);
    // A script that fails to load or evaluate, or an error nobody caught in the worker.
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.die(`the inference worker failed (${e.message || 'its script did not load'})`);
    };
    this.worker.onmessageerror = () =>
      this.die('a message from the inference worker could not be read');
  }

  /** Why the worker was declared dead, or null while it lives. */
  get dead(): string | null {
    return this.deadReason;
  }

  private receive(msg: WorkerReply): void {
    this.lastHeard = performance.now();
    switch (msg.type) {
      case 'backend-changed':
        this.onBackendChanged?.(msg, msg.reason);
        return;
      case 'pong':
        return;
      case 'error':
        this.settle(msg.id)?.reject(new WorkerError(msg.code, msg.message, msg.file));
        return;
      case 'loaded':
      case 'result':
      case 'stats':
        this.settle(msg.id)?.resolve(msg);
        return;
      default:
        assertNever(msg);
    }
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (p?.type === 'load') this.loadSettledAt = performance.now();
    if (p?.type === 'classify') {
      this.frameMs = pushBounded(this.frameMs, performance.now() - p.sentAt, 30);
    }
    if (this.pending.size === 0) this.stopWatchdog();
    return p;
  }

  private send<T extends WorkerReply['type']>(
    req: WorkerRequest,
    transfer: Transferable[] = [],
  ): Promise<Reply<T>> {
    if (this.deadReason !== null) {
      // The bitmap is ours again: nobody will close it in the worker.
      if (req.type === 'classify') req.bitmap.close();
      return Promise.reject(new WorkerError('crashed', this.deadReason));
    }
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.lastHeard = performance.now();
      // Posted first: a message that cannot be sent (a closed bitmap) fails here, and leaves
      // no pending entry behind for the watchdog to blame on a healthy worker.
      this.worker.postMessage(req, transfer);
      this.pending.set(req.id, {
        type: req.type,
        sentAt: performance.now(),
        resolve: resolve as (r: WorkerReply) => void,
        reject,
      });
      this.startWatchdog();
    });
  }

  private startWatchdog(): void {
    this.watchdog ??= setInterval(() => this.check(), WATCHDOG_TICK_MS);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  /** One watchdog tick: a silent worker or an overdue request kills it; else ping it. */
  private check(): void {
    const now = performance.now();
    if (now - this.lastHeard > SILENT_WORKER_MS) {
      this.die(`the inference worker stopped answering (nothing for ${SILENT_WORKER_MS / 1000} s)`);
      return;
    }
    const loading = [...this.pending.values()].some((p) => p.type === 'load');
    for (const p of this.pending.values()) {
      const overdue = overdueReason(p, now, {
        loading,
        since: Math.max(p.sentAt, this.loadSettledAt),
        frameTimeoutMs: frameTimeout(this.frameMs),
      });
      if (overdue !== null) {
        this.die(overdue);
        return;
      }
    }
    this.worker.postMessage({ type: 'ping', id: this.nextId++ } satisfies WorkerRequest);
  }

  private die(reason: string): void {
    if (this.deadReason !== null) return;
    this.deadReason = reason;
    this.shutDown(reason);
    this.onDied?.(reason);
  }

  private shutDown(reason: string): void {
    this.stopWatchdog();
    this.worker.terminate();
    const err = new WorkerError('crashed', reason);
    this.pending.forEach((p) => p.reject(err));
    this.pending.clear();
  }

  load(
    modelUrl: string,
    variant: string,
    inputSize: number,
    backend?: Backend,
    tfliteUrl?: string,
    prefer?: Backend,
    head?: Head,
  ) {
    return this.send<'loaded'>({
      type: 'load',
      id: this.nextId++,
      modelUrl,
      tfliteUrl,
      variant,
      inputSize,
      backend,
      prefer,
      head,
    });
  }

  /** Classifies a frame; the bitmap is transferred to the worker, which closes it. */
  classify(bitmap: ImageBitmap) {
    return this.send<'result'>({ type: 'classify', id: this.nextId++, bitmap }, [bitmap]);
  }

  stats() {
    return this.send<'stats'>({ type: 'stats', id: this.nextId++ });
  }

  /** Stops the worker for good (the owner is done with it); `onDied` is not called. */
  terminate(): void {
    if (this.deadReason !== null) return;
    this.deadReason = 'the inference worker was stopped';
    this.shutDown(this.deadReason);
  }
}
