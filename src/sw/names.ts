/** Cache names shared by the service worker and the page. */
export const MODEL_CACHE = 'roadgate-models-v1';

/**
 * Workbox's precache for a service-worker scope: workbox-core's default name ("workbox",
 * "precache-v2", the scope), which the service worker keeps. The page checks it still exists.
 */
export const precacheName = (scope: string): string => `workbox-precache-v2-${scope}`;

/** The message that lets a waiting service worker take over (the user pressed Reload). */
export const SKIP_WAITING = 'SKIP_WAITING';
