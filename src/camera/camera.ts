/** The rear camera: open it into a <video>, close it so the indicator light goes off. */
import { errorMessage } from '../util/errors.ts';
import { isStandalone } from '../platform/display.ts';
import { cameraBlocker } from '../platform/fallbacks.ts';

export type CameraErrorCode =
  'denied' | 'no-camera' | 'busy' | 'insecure' | 'standalone' | 'unsupported' | 'ended' | 'unknown';

export class CameraError extends Error {
  constructor(
    readonly code: CameraErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Asks for 640×480 from the rear camera: plenty for a 224 px model, cheap to crop and scale. */
const CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 640 }, height: { ideal: 480 } },
};

/** A human sentence for each way the camera can fail, with what to do about it. */
export function describeCameraError(err: unknown): CameraError {
  if (err instanceof CameraError) return err;
  const name = err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CameraError(
        'denied',
        'Camera access was denied. Allow the camera for this site (the camera or lock icon in the address bar, or the browser’s site settings), then press Retry.',
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CameraError(
        'no-camera',
        'No camera was found on this device. Connect or enable a camera, then press Retry.',
      );
    case 'NotReadableError':
    case 'AbortError':
      return new CameraError(
        'busy',
        'The camera is in use by another app or tab. Close it there, then press Retry.',
      );
    default:
      return new CameraError(
        'unknown',
        `The camera could not start (${errorMessage(err)}). Press Retry.`,
      );
  }
}

/** Why the camera cannot be asked for here (`cameraBlocker`), in words, with what to do. */
const BLOCKED: Record<NonNullable<ReturnType<typeof cameraBlocker>>, string> = {
  insecure:
    'The camera needs a secure page: open Roadgate over HTTPS (or on localhost), then press Retry.',
  standalone:
    'This browser gives the camera to its own tabs only, not to apps on the Home Screen: open Roadgate in the browser, or update the system.',
  unsupported: 'This browser has no camera access for web pages: open Roadgate in another browser.',
};

/** Asks for the rear camera. Throws `CameraError`. */
export async function requestCamera(): Promise<MediaStream> {
  const blocker = cameraBlocker({
    secureContext: window.isSecureContext,
    getUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
    standalone: isStandalone(),
  });
  if (blocker) throw new CameraError(blocker, BLOCKED[blocker]);
  try {
    return await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
  } catch (err) {
    throw describeCameraError(err);
  }
}

/** Plays `stream` in `video`. Throws `CameraError`; the caller still owns the stream. */
export async function playInto(video: HTMLVideoElement, stream: MediaStream): Promise<void> {
  video.srcObject = stream;
  try {
    await video.play();
  } catch (err) {
    throw describeCameraError(err);
  }
}

/** Stops every track and detaches the stream: the browser's camera indicator goes off. */
export function closeCamera(video: HTMLVideoElement | null, stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
  if (video) video.srcObject = null;
}
