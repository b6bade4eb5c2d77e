/**
 * The inference worker's lifecycle, for the controller: start one, load a catalog variant on it,
 * and replace it when it dies, but not in a loop. Deaths are told to the owner with the
 * generation of the worker that died, so that a second report of one death (or a report about a
 * worker already replaced) is recognised as stale and does nothing.
 */
import type { InferenceClient } from '../inference/client.ts';
import type { Backend, BackendInfo } from '../inference/protocol.ts';
import type { Head } from '../inference/teachProtocol.ts';
import type { CatalogEntry } from '../models/catalog.ts';
import { modelUrl, tfliteUrl } from '../models/fetchCatalog.ts';

/**
 * A worker that dies again this soon after being restarted is not restarted a second time: the
 * app shows the error and Retry instead of looping (an out-of-memory model would loop forever).
 */
export const RESTART_WINDOW_MS = 60_000;

/** What the supervisor uses of a worker client (a fake in tests). */
export type WorkerClient = Pick<
  InferenceClient,
  'dead' | 'onBackendChanged' | 'onDied' | 'load' | 'classify' | 'terminate'
>;

export interface SupervisorEvents {
  /** The worker moved engine on its own (a lost WebGL context, the integer engine's arrival). */
  backendChanged(info: BackendInfo, reason: string): void;
  /** The worker of `generation` was found dead while no load was in progress. */
  died(generation: number, reason: string): void;
}

export class WorkerSupervisor {
  private client: WorkerClient | null = null;
  /** Bumped whenever a worker is started or stopped. */
  private current = 0;
  /** Loads in progress: a worker that dies during one is reported by that load, not `died`. */
  private loading = 0;
  private lastRestart = -Infinity;

  constructor(
    private readonly events: SupervisorEvents,
    private readonly spawn: () => WorkerClient,
  ) {}

  /** Identifies the worker now running (or its absence): compare with `isCurrent` later. */
  get generation(): number {
    return this.current;
  }

  isCurrent(generation: number): boolean {
    return generation === this.current;
  }

  /** A worker exists (it may have been found dead since). */
  get started(): boolean {
    return this.client !== null;
  }

  /** A worker exists and has not been found dead. */
  get alive(): boolean {
    return this.client !== null && this.client.dead === null;
  }

  /** Starts a worker unless a live one runs. */
  ensureStarted(): void {
    if (!this.alive) this.start();
  }

  private start(): void {
    this.stop();
    const client = this.spawn();
    const generation = ++this.current;
    client.onBackendChanged = (info, reason) => this.events.backendChanged(info, reason);
    client.onDied = (reason) => {
      if (this.loading === 0) this.events.died(generation, reason);
    };
    this.client = client;
  }

  private stop(): void {
    if (!this.client) return;
    this.client.terminate();
    this.client = null;
    this.current++;
  }

  /**
   * Stops the worker and starts a new one, unless the last restart was under
   * `RESTART_WINDOW_MS` ago: then it stays stopped and this returns false.
   */
  restart(): boolean {
    this.stop();
    const now = performance.now();
    if (now - this.lastRestart < RESTART_WINDOW_MS) return false;
    this.lastRestart = now;
    this.start();
    return true;
  }

  /**
   * Loads `entry` in the worker (`backend`: only that engine; `prefer`: that one first; `head`: a
   * personal head in place of the variant's own, teach mode). Rejects with `WorkerError`.
   */
  async load(entry: CatalogEntry, backend?: Backend, prefer?: Backend, head?: Head) {
    const client = this.client;
    if (!client) throw new Error('no inference worker is running');
    this.loading++;
    try {
      return await client.load(
        modelUrl(entry),
        entry.id,
        entry.inputSize,
        backend,
        tfliteUrl(entry),
        prefer,
        head,
      );
    } finally {
      this.loading--;
    }
  }

  /**
   * Classifies a frame (the bitmap is the worker's from here): the generation of the worker it
   * went to, and its reply. With no live worker the bitmap is closed and this returns null.
   */
  classify(
    bitmap: ImageBitmap,
  ): { generation: number; result: ReturnType<WorkerClient['classify']> } | null {
    if (!this.client || this.client.dead !== null) {
      bitmap.close();
      return null;
    }
    return { generation: this.current, result: this.client.classify(bitmap) };
  }

  /** Stops the worker for good. */
  dispose(): void {
    this.stop();
  }
}
