/**
 * Frames from the <video> to a consumer: one frame in flight. The next frame is asked for only
 * when the last result is back, so nothing queues up on a slow device.
 */
import { centerSquare } from '../inference/preprocess.ts';

export type FrameConsumer = (bitmap: ImageBitmap) => Promise<void>;

/**
 * Starts pumping. Each bitmap is the centred square of the frame scaled to `size`; the consumer
 * owns it (and must transfer or close it). Returns a function that stops the pump.
 */
export function startFramePump(
  video: HTMLVideoElement,
  size: () => number,
  consume: FrameConsumer,
): () => void {
  let stopped = false;
  let handle = 0;
  const useVfc = 'requestVideoFrameCallback' in HTMLVideoElement.prototype;

  const schedule = (): void => {
    if (stopped) return;
    handle = useVfc ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  };

  const tick = (): void => {
    if (stopped) return;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
      schedule();
      return;
    }
    const s = size();
    const crop = centerSquare(video.videoWidth, video.videoHeight);
    createImageBitmap(video, crop.sx, crop.sy, crop.size, crop.size, {
      resizeWidth: s,
      resizeHeight: s,
      resizeQuality: 'high',
    })
      .then(async (bitmap) => {
        if (stopped) {
          bitmap.close();
          return;
        }
        await consume(bitmap);
      })
      .catch(() => undefined)
      .finally(schedule);
  };

  schedule();
  return () => {
    stopped = true;
    if (useVfc) video.cancelVideoFrameCallback(handle);
    else cancelAnimationFrame(handle);
  };
}
