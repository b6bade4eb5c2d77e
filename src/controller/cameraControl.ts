/**
 * The camera side of the controller: one camera session shown in the page's <video>, the frame
 * pump on it, the screen wake lock while it runs, and the timer of the periodic re-check. It
 * keeps no UI state: the controller (roadgate.ts) turns what happens here into its snapshot.
 */
import { squareFrame } from '../camera/squareFrame.ts';
import type { CameraError } from '../camera/camera.ts';
import { startFramePump, type FrameConsumer } from '../camera/framePump.ts';
import { CameraSession } from '../camera/session.ts';
import { ScreenWakeLock } from '../camera/wakeLock.ts';

/** What CameraControl needs of the browser (fakes in tests). */
export interface CameraDevices {
  session: Pick<CameraSession, 'active' | 'opening' | 'open' | 'close'>;
  startPump: typeof startFramePump;
  wake: Pick<ScreenWakeLock, 'acquire' | 'release'>;
}

/** The real ones: `onLost` hears of a camera that ended on its own (never after a close). */
export function browserCamera(onLost: (err: CameraError) => void): CameraDevices {
  return {
    session: new CameraSession(onLost),
    startPump: startFramePump,
    wake: new ScreenWakeLock(),
  };
}

export class CameraControl {
  private video: HTMLVideoElement | null = null;
  private stopPump: (() => void) | null = null;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly devices: CameraDevices) {}

  attach(video: HTMLVideoElement | null): void {
    this.video = video;
  }

  get hasVideo(): boolean {
    return this.video !== null;
  }

  /** A camera runs. */
  get active(): boolean {
    return this.devices.session.active;
  }

  /** A camera runs or is being opened. */
  get busy(): boolean {
    return this.devices.session.active || this.devices.session.opening;
  }

  /**
   * Opens the camera into the video, pumps its frames to `consume` at `size()` px and holds the
   * wake lock. Resolves true once it runs, false when `close()` cancelled the open (whoever
   * closed it set the state) or no video is attached. Throws the camera's error.
   */
  async open(size: () => number, consume: FrameConsumer): Promise<boolean> {
    const video = this.video;
    // The guard (cameraGuard.ts) checks for a video before this is called; one gone meanwhile
    // (the page unmounting) is an error, not a silent "closed while opening".
    if (!video) throw new Error('The camera view is gone: reload the page.');
    const stream = await this.devices.session.open(video);
    if (!stream) return false;
    this.stopPump = this.devices.startPump(video, size, consume);
    void this.devices.wake.acquire();
    return true;
  }

  /**
   * The frame in view now, as the worker gets it (the centred square at `size` px), or null when
   * the camera is not running. The caller owns the bitmap.
   */
  grab(size: number): Promise<ImageBitmap> | null {
    const video = this.video;
    if (!video || !this.active || video.videoWidth === 0) return null;
    return squareFrame(video, video.videoWidth, video.videoHeight, size);
  }

  /** Turns the camera off: pump stopped, every track stopped, video released, an open cancelled. */
  close(): void {
    this.stopPump?.();
    this.stopPump = null;
    this.devices.session.close(this.video);
    void this.devices.wake.release();
  }

  /** Calls `due` in `ms` (replacing a re-check already planned). */
  scheduleRecheck(ms: number, due: () => void): void {
    this.clearRecheck();
    this.recheckTimer = setTimeout(due, ms);
  }

  clearRecheck(): void {
    if (this.recheckTimer !== null) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
  }

  /** Turns the camera off and drops a planned re-check: nothing camera-related is left running. */
  shutDown(): void {
    this.clearRecheck();
    this.close();
  }
}
