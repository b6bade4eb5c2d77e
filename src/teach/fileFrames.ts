/**
 * Teach-mode examples from a picked file: a photo gives one frame, a video one frame every
 * `VIDEO_STEP_S` (at most `MAX_VIDEO_FRAMES`). Each is the centred square at the model's input
 * size, made by the same `squareFrame` as the camera's frames. The caller owns each bitmap.
 */
import { squareFrame } from '../camera/squareFrame.ts';

/** Seconds between two frames taken from a picked video: a car moves ~10 m in that time. */
export const VIDEO_STEP_S = 0.5;
/** Frames taken from one video at most (one minute at `VIDEO_STEP_S`). */
export const MAX_VIDEO_FRAMES = 120;
/** How long a picked video may take to open or to seek, ms, before it is skipped. */
const VIDEO_WAIT_MS = 10_000;

/** The frames of `file`; throws a short reason when it cannot be read. */
export async function* fileFrames(file: File, size: number): AsyncGenerator<ImageBitmap> {
  if (file.type.startsWith('video/')) {
    yield* videoFrames(file, size);
    return;
  }
  let image: ImageBitmap;
  try {
    image = await createImageBitmap(file);
  } catch {
    throw new Error('not an image this browser can read');
  }
  try {
    yield await squareFrame(image, image.width, image.height, size);
  } finally {
    image.close();
  }
}

/** Resolves on `event` from `video`, rejects on its `error` or after `VIDEO_WAIT_MS`. */
function once(video: HTMLVideoElement, event: 'loadeddata' | 'seeked'): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
      if (ok) resolve();
      else reject(new Error('not a video this browser can play'));
    };
    const onEvent = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), VIDEO_WAIT_MS);
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
  });
}

/**
 * The video's duration in seconds. A WebM written by MediaRecorder (a phone's screen or camera
 * recorder in the browser) carries none, so the browser says Infinity until it has seen the end:
 * a seek far past the end makes it read there, and the duration is known after.
 */
async function knownDuration(video: HTMLVideoElement): Promise<number> {
  if (Number.isFinite(video.duration)) return video.duration;
  video.currentTime = Number.MAX_SAFE_INTEGER;
  await once(video, 'seeked');
  const duration = Number.isFinite(video.duration) ? video.duration : 0;
  video.currentTime = 0;
  await once(video, 'seeked');
  return duration;
}

async function* videoFrames(file: File, size: number): AsyncGenerator<ImageBitmap> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    video.src = url;
    await once(video, 'loadeddata');
    const duration = await knownDuration(video);
    const count = Math.min(MAX_VIDEO_FRAMES, Math.max(1, Math.floor(duration / VIDEO_STEP_S)));
    for (let i = 0; i < count; i++) {
      if (i > 0) {
        video.currentTime = i * VIDEO_STEP_S;
        await once(video, 'seeked');
      }
      yield await squareFrame(video, video.videoWidth, video.videoHeight, size);
    }
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
