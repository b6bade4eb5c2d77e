/**
 * One camera at a time, and never one left on by accident. Opening is single-flight and
 * cancellable: `close()` during an open (a stop, a hidden page) makes the stream that arrives
 * later stop at once. While open, the tracks are watched: an `ended` event, a track stopped
 * without one (Chromium fires none for `track.stop()`), or the permission withdrawn each end the
 * session and report why.
 */
import { CameraError, closeCamera, playInto, requestCamera } from './camera.ts';
import { withTimeout } from '../util/timeout.ts';

/**
 * A camera that grants a stream but never plays it (a broken driver, a camera held elsewhere)
 * must not hold a live track behind a Start button that waits: after this long it is closed and
 * reported as busy.
 */
const PLAY_TIMEOUT_MS = 10_000;

/** How often live tracks are checked for an end that fired no event. */
const TRACK_CHECK_MS = 1_000;

export class CameraSession {
  private stream: MediaStream | null = null;
  /** A stream granted but not yet playing. */
  private arriving: MediaStream | null = null;
  /** Bumped by every open and close: an open whose number is stale was cancelled. */
  private generation = 0;
  private inFlight: { generation: number; promise: Promise<MediaStream | null> } | null = null;
  private unwatch: (() => void) | null = null;

  /** `onLost` is called once per session that ends on its own (never after `close()`). */
  constructor(private readonly onLost: (err: CameraError) => void) {}

  get active(): boolean {
    return this.stream !== null;
  }

  get opening(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Opens the camera into `video`. A second call while one is in flight gets the same promise.
   * Resolves to the stream, or null when `close()` cancelled it; throws `CameraError`.
   */
  open(video: HTMLVideoElement): Promise<MediaStream | null> {
    if (this.stream) return Promise.resolve(this.stream);
    if (this.inFlight) return this.inFlight.promise;
    const generation = ++this.generation;
    const promise = this.start(video, generation).finally(() => {
      if (this.inFlight?.generation === generation) this.inFlight = null;
    });
    this.inFlight = { generation, promise };
    return promise;
  }

  private async start(video: HTMLVideoElement, generation: number): Promise<MediaStream | null> {
    const stale = () => generation !== this.generation;
    const stream = await requestCamera();
    if (stale()) {
      closeCamera(null, stream);
      return null;
    }
    // Owned from here: a close() during play() stops it.
    this.arriving = stream;
    try {
      await withTimeout(
        playInto(video, stream),
        PLAY_TIMEOUT_MS,
        () =>
          new CameraError(
            'busy',
            'The camera did not start: it may be in use by another app. Close it there, then press Retry.',
          ),
      );
    } catch (err) {
      if (stale()) return null; // close() stopped it.
      closeCamera(video, stream);
      throw err;
    } finally {
      if (this.arriving === stream) this.arriving = null;
    }
    if (stale()) return null;
    this.stream = stream;
    this.unwatch = watchTracks(stream, (err) => {
      if (this.stream !== stream) return;
      this.close(video);
      this.onLost(err);
    });
    return stream;
  }

  /** Stops every track (and any stream still on its way), detaches the video. */
  close(video: HTMLVideoElement | null): void {
    this.generation++;
    this.inFlight = null;
    this.unwatch?.();
    this.unwatch = null;
    closeCamera(null, this.arriving);
    this.arriving = null;
    closeCamera(video, this.stream);
    this.stream = null;
  }
}

/**
 * Calls `lost` once when a track of `stream` ends: by event, by a `readyState` found `ended`, or
 * by the camera permission withdrawn. Returns a function that stops watching.
 */
function watchTracks(stream: MediaStream, lost: (err: CameraError) => void): () => void {
  let done = false;
  let permission: PermissionStatus | null = null;
  let stateAtStart: PermissionState | null = null;
  // Withdrawn: the permission left the state it had while the camera opened, for one that is not
  // 'granted' (reset by the user it reads 'prompt', blocked 'denied'). Its state at the start is
  // not trusted on its own: Chromium's fake camera reads 'denied' while it streams.
  const withdrawn = (state: PermissionState | undefined) =>
    state !== undefined && state !== 'granted' && state !== stateAtStart;
  const end = (err: CameraError | Promise<CameraError>) => {
    if (done) return;
    done = true;
    stop();
    void Promise.resolve(err).then(lost);
  };
  // A track can end before the permission's change event: ask for its state afresh.
  const onEnded = () =>
    end(
      cameraPermission().then((p) =>
        withdrawn(p?.state ?? permission?.state) ? withdrawnError() : endedError(),
      ),
    );
  const onPermission = () => {
    if (withdrawn(permission?.state)) end(withdrawnError());
  };
  const tracks = stream.getTracks();
  tracks.forEach((t) => t.addEventListener('ended', onEnded));
  const timer = setInterval(() => {
    if (tracks.some((t) => t.readyState === 'ended')) onEnded();
  }, TRACK_CHECK_MS);
  void cameraPermission().then((p) => {
    if (done || !p) return;
    permission = p;
    stateAtStart = p.state;
    p.addEventListener('change', onPermission);
  });
  function stop() {
    clearInterval(timer);
    tracks.forEach((t) => t.removeEventListener('ended', onEnded));
    permission?.removeEventListener('change', onPermission);
  }
  return () => {
    done = true;
    stop();
  };
}

/** The camera permission's status where the browser can tell (Firefox may not). */
async function cameraPermission(): Promise<PermissionStatus | null> {
  try {
    return (await navigator.permissions?.query({ name: 'camera' as PermissionName })) ?? null;
  } catch {
    return null;
  }
}

const withdrawnError = () =>
  new CameraError(
    'denied',
    'Camera access was withdrawn for this site. Allow the camera again (the camera or lock icon in the address bar, or the browser’s site settings), then press Retry.',
  );

/** A track ended on its own: the system or another app took the camera. */
const endedError = () =>
  new CameraError(
    'ended',
    'The camera was stopped by the system or another app. Press Retry to start it again.',
  );
