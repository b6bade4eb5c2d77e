/**
 * When to move to the integer engine. On a first visit its runtime (2.8 MB gzipped) is not on the
 * device yet: the model starts on TF.js, and an upgrade is planned. Its download starts a second
 * after the first classified frame, so that it does not compete with the first verdict, or
 * `UPGRADE_IDLE_MS` after the load when no frame comes. Timers only: what starting means is the
 * caller's (`start`).
 */

/** The integer model to move to. */
export interface UpgradeTarget {
  tfliteUrl: string;
  variant: string;
  inputSize: number;
}

/** With no frame classified, the upgrade starts this long after the load, ms. */
export const UPGRADE_IDLE_MS = 10_000;
/** After the first classified frame, the upgrade starts this much later, ms. */
export const UPGRADE_AFTER_FRAME_MS = 1_000;

interface Planned {
  target: Readonly<UpgradeTarget>;
  started: boolean;
  afterFrame: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class UpgradePlan {
  private planned: Planned | null = null;

  /** `start` is called once per planned upgrade, with the target that identifies it. */
  constructor(private readonly start: (target: Readonly<UpgradeTarget>) => void) {}

  /** Replaces whatever was planned by `next` (null: no upgrade). */
  plan(next: UpgradeTarget | null): void {
    if (this.planned) clearTimeout(this.planned.timer);
    this.planned = null;
    if (!next) return;
    const planned: Planned = {
      target: Object.freeze({ ...next }),
      started: false,
      afterFrame: false,
      timer: setTimeout(() => this.fire(planned), UPGRADE_IDLE_MS),
    };
    this.planned = planned;
  }

  /** A frame was classified: the first verdict is on screen a moment later; start just after it. */
  frameClassified(): void {
    const p = this.planned;
    if (!p || p.started || p.afterFrame) return;
    p.afterFrame = true;
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.fire(p), UPGRADE_AFTER_FRAME_MS);
  }

  /** Whether `target` is still the upgrade planned (no other load has replaced it). */
  isCurrent(target: Readonly<UpgradeTarget>): boolean {
    return this.planned?.target === target;
  }

  private fire(p: Planned): void {
    if (p.started || this.planned !== p) return;
    p.started = true;
    clearTimeout(p.timer);
    this.start(p.target);
  }
}
