/**
 * The watchdog's rules, pure: how long each kind of request may wait before the inference worker
 * is declared dead. The client (client.ts) applies them on every tick.
 */
import type { WorkerRequest } from './protocol.ts';
import { median } from '../util/stats.ts';

/** How often the watchdog looks at pending requests, and pings the worker while any wait. */
export const WATCHDOG_TICK_MS = 1_000;
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
export const REQUEST_TIMEOUT_MS = 10_000;

/** What the watchdog knows of a pending request: its kind and when it was sent (ms). */
export interface Watched {
  type: WorkerRequest['type'];
  sentAt: number;
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
  p: Watched,
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
