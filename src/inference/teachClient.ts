/**
 * The page's handle on the teach worker: typed requests, one promise per request id, progress
 * for a training, frames transferred (never copied). A worker that fails fails every pending
 * request with one line and is not reused; teach mode starts a new one when it opens again.
 */
import type { TfBackend } from './protocol.ts';
import type { CheckSet } from '../teach/checkSet.ts';
import type { ExampleCounts, LabelIndex, TeachReply, TeachRequest } from './teachProtocol.ts';

type Reply<T extends TeachReply['type']> = Extract<TeachReply, { type: T }>;
/** Distributes `Omit` over a union: each request without its id. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class TeachClient {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (r: TeachReply) => void; reject: (e: Error) => void; progress?: (f: number) => void }
  >();
  private nextId = 1;
  private failure: string | null = null;

  constructor() {
    this.worker = new Worker(new URL('./worker/teachWorker.ts', import.meta.url), {
      type: 'module',
    });
    this.worker.onmessage = (e: MessageEvent<TeachReply>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.fail(`the teach worker failed (${e.message || 'its script did not load'})`);
    };
  }

  open(modelUrl: string, variant: string, inputSize: number, backends: readonly TfBackend[]) {
    return this.send<'opened'>({ type: 'open', modelUrl, variant, inputSize, backends });
  }

  /** Adds one example; the bitmap is transferred to the worker, which closes it. */
  add(label: LabelIndex, bitmap: ImageBitmap) {
    return this.send<'counts'>({ type: 'add', label, bitmap }, [bitmap]);
  }

  clear(label?: LabelIndex): Promise<ExampleCounts> {
    return this.send<'counts'>({ type: 'clear', label }).then((r) => r.counts);
  }

  train(progress: (fraction: number) => void, sets: { check?: CheckSet; anchor?: CheckSet } = {}) {
    return this.send<'trained'>({ type: 'train', ...sets }, [], progress);
  }

  terminate(): void {
    this.worker.terminate();
    this.fail('teach mode was closed');
  }

  private send<T extends TeachReply['type']>(
    req: WithoutId<TeachRequest>,
    transfer: Transferable[] = [],
    progress?: (fraction: number) => void,
  ): Promise<Reply<T>> {
    if (this.failure !== null) {
      transfer.forEach((t) => (t as ImageBitmap).close?.());
      return Promise.reject(new Error(this.failure));
    }
    const id = this.nextId++;
    return new Promise<Reply<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: (r) => resolve(r as Reply<T>), reject, progress });
      this.worker.postMessage({ ...req, id } as TeachRequest, transfer);
    });
  }

  private receive(reply: TeachReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') {
      p.progress?.(reply.fraction);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'error') p.reject(new Error(reply.message));
    else p.resolve(reply);
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    this.pending.forEach((p) => p.reject(new Error(reason)));
    this.pending.clear();
  }
}
