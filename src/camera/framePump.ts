/**
 * Frames from the <video> to a consumer: one frame in flight. The next frame is asked for only
 * when the last result is back, so nothing queues up on a slow device, and no sooner than the
 * consumer asked for: it answers each frame with the least time to leave between that frame's
 * capture and the next (ARCHITECTURE.md, Sampling).
 */
import { squareFrame } from './squareFrame.ts';
import { frameSource } from '../platform/fallbacks.ts';

/**
 * Takes one frame (and owns it: must transfer or close it). Resolves to the least time between
 * this frame's capture and the next one's, ms; nothing or 0 asks for the next frame at once.
 */
export type FrameConsumer = (bitmap: ImageBitmap) => Promise<number | void>;

/**
 * Starts pumping. Each bitmap is the centred square of the frame scaled to `size`. Returns a
 * function that stops the pump at once: no frame callback, no timer is left behind.
 */
export function startFramePump(
  video: HTMLVideoElement,
  size: () => number,
  consume: FrameConsumer,
): () => void {
  let stopped = false;
  let handle = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const useVfc =
    frameSource('requestVideoFrameCallback' in HTMLVideoElement.prototype) === 'video-frame';

  const schedule = (): void => {
    if (stopped) return;
    handle = useVfc ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  };

  /** The next frame once `intervalMs` has passed since `capturedAt`. */
  const scheduleAfter = (capturedAt: number, intervalMs: number): void => {
    const wait = capturedAt + intervalMs - performance.now();
    if (stopped || !(wait > 0)) {
      schedule();
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      schedule();
    }, wait);
  };

  const tick = (): void => {
    if (stopped) return;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
      schedule();
      return;
    }
    const capturedAt = performance.now();
    let intervalMs = 0;
    squareFrame(video, video.videoWidth, video.videoHeight, size())
      .then(async (bitmap) => {
        if (stopped) {
          bitmap.close();
          return;
        }
        intervalMs = (await consume(bitmap)) ?? 0;
      })
      .catch(() => undefined)
      .finally(() => scheduleAfter(capturedAt, intervalMs));
  };

  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (useVfc) video.cancelVideoFrameCallback(handle);
    else cancelAnimationFrame(handle);
  };
}
