/**
 * The page's handle on the inference worker: typed requests, one promise per request id, the
 * frame bitmap transferred (never copied), and a watchdog. A worker that crashes, fails to
 * load its script, goes silent or sits on a frame too long is declared dead: it is terminated,
 * every pending request fails with `crashed`, and `onDied` tells the owner, who starts a new
 * client. A dead client is never reused.
 */
import type { Backend, BackendInfo, ErrorCode, WorkerReply, WorkerRequest } from './protocol.ts';
import { assertNever } from './protocol.ts';
import { median, pushBounded } from '../util/stats.ts';

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

/** How often the watchdog looks at pending requests, and pings the worker while any wait. */
const WATCHDOG_TICK_MS = 1_000;
/**
 * A worker that has sent nothing (no pong, no reply) for this long while requests wait is dead.
 * Long enough for a worker busy compiling WebGL shaders, which blocks its event loop for a few
 * seconds on a software renderer.
 */
export const SILENT_WORKER_MS = 15_000;
/**
 * A frame not answered within this long means the engine is stuck, and the camera must not run
 * unclassified: 4 s, so that with the watchdog's tick the camera is off within 5 s. An engine
 * that is merely slow (8× its recent median above that) gets more.
 */
export const FRAME_TIMEOUT_MS = 4_000;
const FRAME_TIMEOUT_MEDIANS = 8;
/**
 * A load (fetch, engine start, warm-up) that has not finished by then never will. The worker
 * gives up on a stalled file after 15 s and on an engine after 20 s; this catches what those
 * miss, and is long enough for a 3 MB model still arriving over a 100 kbit/s link. Frames go on
 * meanwhile on the model already loaded.
 */
export const LOAD_TIMEOUT_MS = 300_000;
/** Any other request (stats). */
const REQUEST_TIMEOUT_MS = 10_000;

type Reply<T extends WorkerReply['type']> = Extract<WorkerReply, { type: T }>;
interface Pending {
  type: WorkerRequest['type'];
  sentAt: number;
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

  /** Stops the worker for good (the owner is done with it); `onDied` is not called. */
  terminate(): void {
    if (this.deadReason !== null) return;
    this.deadReason = 'the inference worker was stopped';
    this.shutDown(this.deadReason);
  }
}

/** The frame timeout: `FRAME_TIMEOUT_MS`, or 8× the recent median on an engine that slow. */
export function frameTimeout(recentMs: readonly number[]): number {
  const typical = median(recentMs);
  return Number.isNaN(typical)
    ? FRAME_TIMEOUT_MS
    : Math.max(FRAME_TIMEOUT_MS, FRAME_TIMEOUT_MEDIANS * typical);
}

/**
 * Why a pending request is overdue at `now`, or null. A frame waits in the worker behind a
 * load, so its clock starts when the last load settled and stops while one is pending.
 */
export function overdueReason(
  p: Pick<Pending, 'type' | 'sentAt'>,
  now: number,
  ctx: { loading: boolean; since: number; frameTimeoutMs: number },
): string | null {
  switch (p.type) {
    case 'classify':
      if (ctx.loading || now - ctx.since <= ctx.frameTimeoutMs) return null;
      return `the inference worker did not answer a frame within ${(ctx.frameTimeoutMs / 1000).toFixed(1)} s`;
    case 'load':
      if (now - p.sentAt <= LOAD_TIMEOUT_MS) return null;
      return `the model did not load within ${LOAD_TIMEOUT_MS / 1000} s`;
    default:
      if (now - p.sentAt <= REQUEST_TIMEOUT_MS) return null;
      return `the inference worker did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
}
