/**
 * The page's side of the service worker: registers it, checks for a new version now and then,
 * notices when the site's data was cleared under the running page and registers it again, and
 * reloads for an update only as updatePolicy.ts allows. A tiny store for React
 * (`subscribe` / `getSnapshot`); the decisions are in updatePolicy.ts and offlinePolicy.ts.
 *
 * Plain `navigator.serviceWorker`, not workbox-window: a `Workbox` stops listening for
 * `updatefound` after the first update it judges external (any found over a minute after it
 * registered), so a tab checking every hour would hear of one new version only; and
 * vite-plugin-pwa's prompt mode reloads every tab when any one of them applies an update.
 */
import { precacheName, SKIP_WAITING } from '../sw/names.ts';
import { isOfflineReady, offlineRepair, type OfflineFacts } from './offlinePolicy.ts';
import { onControllerChange } from './updatePolicy.ts';
import { scriptReachable, SW_URL } from './swScript.ts';

/**
 * How often an open tab asks for a new version, in ms. A tab can stay open for a whole drive
 * or a day; an hour bounds how stale it gets, and each check is one small request for sw.js.
 */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/**
 * Coming back to the tab checks for an update too, at most this often (ms), so that switching
 * back and forth between apps does not fetch sw.js each time.
 */
export const UPDATE_CHECK_MIN_GAP_MS = 60 * 1000;
/**
 * How often the page checks that its service worker and precache still exist, in ms: two local
 * calls, and only while a repair is due and waits for the server, one small request for sw.js.
 * The data can be cleared from DevTools while the page stays visible.
 */
export const OFFLINE_CHECK_INTERVAL_MS = 60 * 1000;

/**
 * Repairs (a new registration, each a download of a few MB) one page makes at most: an install
 * that keeps failing (storage full, say) is not retried every minute, and a reload tries again.
 */
const MAX_REPAIRS_PER_PAGE = 2;

/** What the UI shows. */
export interface SwSnapshot {
  /** The next launch works offline (checked, not assumed). */
  offlineReady: boolean;
  /** Say "ready to work offline": this page saw the install that made it so, and no OK yet. */
  announceOffline: boolean;
  /** A new version waits, or went live while the camera was in use: ask before reloading. */
  updateAvailable: boolean;
}

/** One per page: `start` it once the page is up, `stop` it when the page goes. */
export class ServiceWorkerClient {
  private snap: SwSnapshot = {
    offlineReady: false,
    announceOffline: false,
    updateAvailable: false,
  };
  private readonly listeners = new Set<() => void>();
  private registration: ServiceWorkerRegistration | null = null;
  /** Checks and repairs run one at a time, in order (a repair must not race a second one). */
  private queue: Promise<void> = Promise.resolve();
  private checkedOnce = false;
  private repairs = 0;
  private controlled = false;
  private started = false;
  private askedHere = false;
  private cameraInUse = false;
  private lastUpdateCheck = Number.NEGATIVE_INFINITY;
  private readonly timers: number[] = [];
  private readonly watched = new WeakSet<ServiceWorkerRegistration | ServiceWorker>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  readonly getSnapshot = (): SwSnapshot => this.snap;

  /**
   * Registers the worker and starts the checks; `stop` undoes the listeners and timers. Does
   * nothing where there are no service workers (plain http on a LAN address): never offline.
   */
  start(): void {
    if (this.started || !('serviceWorker' in navigator)) return;
    this.started = true;
    this.controlled = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker.addEventListener('controllerchange', this.onControllerChange);
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('online', this.onOnline);
    this.timers.push(
      window.setInterval(() => void this.checkForUpdate(), UPDATE_CHECK_INTERVAL_MS),
      window.setInterval(() => this.checkOffline(), OFFLINE_CHECK_INTERVAL_MS),
    );
    this.enqueue(() => this.register());
    this.checkOffline();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    navigator.serviceWorker.removeEventListener('controllerchange', this.onControllerChange);
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('online', this.onOnline);
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  /** The camera's state, for the next controller change (updatePolicy.ts `cameraInUse`). */
  setCameraInUse(inUse: boolean): void {
    this.cameraInUse = inUse;
  }

  /** The user pressed Reload: let the waiting version take over (then every tab hears of it). */
  applyUpdate(): void {
    const waiting = this.registration?.waiting;
    if (!waiting) {
      // Another tab already let it take over: this page only has to load it.
      location.reload();
      return;
    }
    this.askedHere = true;
    waiting.postMessage({ type: SKIP_WAITING });
  }

  /** "Later": hide the update prompt until the next new version or takeover. */
  dismissUpdate(): void {
    this.set({ updateAvailable: false });
  }

  /** "OK": the offline announcement was read. */
  dismissOffline(): void {
    this.set({ announceOffline: false });
  }

  /** Asks the server for a new sw.js; a failure (offline) waits for the next check. */
  async checkForUpdate(): Promise<void> {
    this.lastUpdateCheck = performance.now();
    await this.registration?.update().catch(() => undefined);
  }

  /** Queues a check that the worker and its precache exist, and a repair if they do not. */
  checkOffline(): void {
    this.enqueue(() => this.checkAndRepair());
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch(() => undefined);
  }

  private async register(): Promise<void> {
    const registration = await navigator.serviceWorker.register(SW_URL, { type: 'classic' });
    this.watch(registration);
    // Ask the browser not to evict the cached app and models under storage pressure.
    void navigator.storage?.persist?.();
  }

  private async checkAndRepair(): Promise<void> {
    const registration = (await navigator.serviceWorker.getRegistration()) ?? null;
    if (registration) this.watch(registration);
    const keys = registration ? await caches.keys() : [];
    const facts: OfflineFacts = {
      registered: registration !== null,
      active: registration?.active != null,
      installing:
        registration !== null && (registration.installing ?? registration.waiting) !== null,
      precached: registration !== null && keys.includes(precacheName(registration.scope)),
    };
    const ready = isOfflineReady(facts);
    // Announce only a change this page saw happen, not the state it found on loading.
    const announce = ready && !this.snap.offlineReady && this.checkedOnce;
    this.checkedOnce = true;
    this.set({
      offlineReady: ready,
      announceOffline: ready ? this.snap.announceOffline || announce : false,
    });
    const repair = offlineRepair(facts);
    if (repair === 'none' || this.repairs >= MAX_REPAIRS_PER_PAGE) return;
    // Unreachable now (offline, or a network without internet): keep what is there, and try
    // again on the next check (back online, page shown again) without using up a repair.
    if (!(await scriptReachable())) return;
    this.repairs++;
    if (repair === 'reinstall') await registration?.unregister();
    await this.register();
  }

  /** Follows every install of this registration: a new version waiting, an install finished. */
  private watch(registration: ServiceWorkerRegistration): void {
    this.registration = registration;
    if (this.watched.has(registration)) return;
    this.watched.add(registration);
    registration.addEventListener('updatefound', () => this.follow(registration));
    this.follow(registration);
  }

  private follow(registration: ServiceWorkerRegistration): void {
    this.noteWaiting(registration);
    const worker = registration.installing;
    if (!worker || this.watched.has(worker)) return;
    this.watched.add(worker);
    worker.addEventListener('statechange', () => {
      this.noteWaiting(registration);
      if (worker.state === 'activated' || worker.state === 'redundant') this.checkOffline();
    });
  }

  /** A worker waiting behind an active one is a new version: say so. */
  private noteWaiting(registration: ServiceWorkerRegistration): void {
    if (registration.waiting && registration.active) this.set({ updateAvailable: true });
  }

  private readonly onControllerChange = () => {
    const hasController = navigator.serviceWorker.controller !== null;
    const action = onControllerChange({
      hadController: this.controlled,
      hasController,
      askedHere: this.askedHere,
      cameraInUse: this.cameraInUse,
    });
    this.controlled = hasController;
    if (action === 'reload') location.reload();
    else if (action === 'ask') this.set({ updateAvailable: true });
  };

  private readonly onVisibility = () => {
    if (document.visibilityState !== 'visible') return;
    this.checkOffline();
    if (performance.now() - this.lastUpdateCheck >= UPDATE_CHECK_MIN_GAP_MS) {
      void this.checkForUpdate();
    }
  };

  private readonly onOnline = () => this.checkOffline();

  private set(patch: Partial<SwSnapshot>): void {
    const next = { ...this.snap, ...patch };
    if (
      next.offlineReady === this.snap.offlineReady &&
      next.announceOffline === this.snap.announceOffline &&
      next.updateAvailable === this.snap.updateAvailable
    ) {
      return;
    }
    this.snap = next;
    for (const fn of this.listeners) fn();
  }
}
