/**
 * The drive log: one row per classified frame, the last `DRIVE_LOG_ROWS` kept, for a look at a
 * drive afterwards (the developer panel saves it as CSV, driveLogCsv.ts). Kept in memory only:
 * nothing leaves the phone unless its user saves the file.
 */

/** Rows kept: ~18 min at 18 fps, ~80 min at the steady-road 4 fps; ~2 MB of memory. */
export const DRIVE_LOG_ROWS = 20_000;

export interface DriveLogRow {
  /** Wall-clock time of the result, ms since 1970 (the CSV shows it as ISO 8601). */
  wallMs: number;
  /** The result's time on the page's clock, ms since the page loaded. */
  atMs: number;
  /** Raw not-road probability of the frame, 0..1. */
  notRoad: number;
  /** The gate's smoothed not-road probability after it. */
  smoothed: number;
  /** The camera after this frame: `off` when the gate turned it off on this frame. */
  camera: 'on' | 'off';
  /** The sampling interval planned after this frame, ms (0: every frame). */
  intervalMs: number;
  variant: string;
  engine: string;
  /** Inference time of the frame in the worker, ms. */
  frameMs: number;
}

/** A ring of the last `capacity` rows, oldest first when read. */
export class DriveLog {
  private readonly ring: DriveLogRow[] = [];
  private next = 0;

  constructor(readonly capacity = DRIVE_LOG_ROWS) {}

  get size(): number {
    return this.ring.length;
  }

  push(row: DriveLogRow): void {
    if (this.ring.length < this.capacity) this.ring.push(row);
    else this.ring[this.next] = row;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The rows kept, oldest first (a copy). */
  rows(): DriveLogRow[] {
    if (this.ring.length < this.capacity) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
