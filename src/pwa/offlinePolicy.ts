/**
 * Whether the app can start offline, and what to do when it cannot: clearing the site's data
 * removes the service worker and its caches under a running page. Pure: facts from cheap local
 * checks in, a status and a repair out.
 */

/** The service worker as the page finds it (`getRegistration()`, `caches.keys()`). */
export interface OfflineFacts {
  /** A registration exists for the page's scope. */
  registered: boolean;
  /** It has an active worker: an install finished. */
  active: boolean;
  /** A worker is installing or waiting: an install or an update is under way. */
  installing: boolean;
  /** Workbox's precache (app shell, WASM, default model) is in Cache Storage. */
  precached: boolean;
}

/** `register` the worker; `reinstall` it (unregister, then register); or `none`. */
export type OfflineRepair = 'none' | 'register' | 'reinstall';

/** The next launch works without a network: a finished install and its precache. */
export function isOfflineReady(f: OfflineFacts): boolean {
  return f.registered && f.active && f.precached;
}

/**
 * No registration: register. A registration without a finished install or without its precache
 * cannot repair itself (an update check installs only a changed script): reinstall. An install
 * under way fills the precache itself: wait. Whether the server can be reached is not a fact
 * the page has beforehand (`navigator.onLine` is true on a Wi-Fi with no internet): the client
 * fetches the worker's script before it unregisters anything.
 */
export function offlineRepair(f: OfflineFacts): OfflineRepair {
  if (f.installing || isOfflineReady(f)) return 'none';
  return f.registered ? 'reinstall' : 'register';
}
