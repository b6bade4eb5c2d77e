/**
 * Tasks run one at a time, in the order given. The worker keeps two: frames and engine swaps
 * (so a swap never lands inside a frame), and loads (one at a time, beside the frames). A task
 * that throws is reported and does not stop the ones after it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  /** `report` hears of every task that throws. */
  constructor(private readonly report: (err: unknown) => void) {}

  /** Runs `task` after every task queued before it; resolves (or rejects) when it has run. */
  run(task: () => void | Promise<void>): Promise<void> {
    const run = this.tail.then(task);
    this.tail = run.catch(this.report);
    return run;
  }
}
