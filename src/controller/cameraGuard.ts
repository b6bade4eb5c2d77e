/**
 * When the camera may start: only with a model to classify its frames, never twice, and not
 * while the page is hidden (ARCHITECTURE.md, Camera invariant). Pure.
 */
import type { Snapshot } from './snapshot.ts';

/** What the decision depends on: the snapshot, and what the controller knows beside it. */
export interface StartFacts extends Pick<Snapshot, 'app' | 'failed' | 'variant'> {
  /** A <video> is attached to show the camera in. */
  hasVideo: boolean;
  /** A camera runs already, or is being opened. */
  cameraBusy: boolean;
  /** The inference worker is up and not found dead. */
  workerAlive: boolean;
  hidden: boolean;
}

/**
 * `start`: open the camera now; `when-visible`: once the page is seen again (a re-check or a
 * restart that comes due while hidden); `no`: not at all.
 */
export type StartDecision = 'start' | 'when-visible' | 'no';

export function canStartCamera(f: StartFacts): StartDecision {
  if (!f.hasVideo || f.cameraBusy) return 'no';
  // Only with a model to classify its frames: not while one loads or none could be loaded.
  if (!f.variant || !f.workerAlive || f.app === 'loading') return 'no';
  if (f.app === 'error' && f.failed === 'init') return 'no';
  return f.hidden ? 'when-visible' : 'start';
}
