/**
 * What a page does when a new version of the app goes live: the one rule that keeps an update
 * from cutting the camera of a driver who is using it. Pure: the page's facts in, an action out.
 */
import type { Snapshot } from '../controller/snapshot.ts';

/** `reload` the page now; `ask` the user (the update prompt); `none`: nothing to do. */
export type UpdateAction = 'reload' | 'ask' | 'none';

/** What the page knows when `navigator.serviceWorker` says its controller changed. */
export interface ControllerChange {
  /** A service worker controlled the page before the change. */
  hadController: boolean;
  /** One controls it after (false when the site's data was cleared under it). */
  hasController: boolean;
  /** The user pressed Reload in this page's update prompt. */
  askedHere: boolean;
  /** A camera session is in use in this page (see {@link cameraInUse}). */
  cameraInUse: boolean;
}

/**
 * A new worker replacing an old one is an update going live in every open tab at once,
 * whichever tab asked for it. The tab that asked reloads; another reloads by itself only when
 * that cuts nothing, and otherwise asks. A first install never takes control (the service
 * worker does not claim clients), and losing the controller is not an update.
 */
export function onControllerChange(c: ControllerChange): UpdateAction {
  if (!c.hadController || !c.hasController) return 'none';
  if (c.askedHere) return 'reload';
  return c.cameraInUse ? 'ask' : 'reload';
}

/**
 * Whether a reload now would end a camera session: the camera runs, or it is off only until the
 * tab is shown again or the gate looks again (a re-check). A camera the user turned off, or
 * one never started, loses nothing.
 */
export function cameraInUse(s: Pick<Snapshot, 'app' | 'camera' | 'offReason'>): boolean {
  if (s.camera === 'on') return true;
  return s.app === 'paused' && s.offReason !== 'user';
}
