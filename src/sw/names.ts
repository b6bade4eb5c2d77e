/** Cache names shared by the service worker and the page. */
export const MODEL_CACHE = 'roadgate-models-v1';

/**
 * Workbox's precache for a service-worker scope: workbox-core's default name ("workbox",
 * "precache-v2", the scope), which the service worker keeps. The page checks it still exists.
 */
export const precacheName = (scope: string): string => `workbox-precache-v2-${scope}`;

/** The message that lets a waiting service worker take over (the user pressed Reload). */
export const SKIP_WAITING = 'SKIP_WAITING';

/**
 * The integer engine's runtime (LiteRT.js WASM, one build of three), cached by the inference
 * worker when it first loads it: only the build this device runs is kept.
 */
export const ENGINE_CACHE = 'roadgate-engine-v1';

/**
 * The query parameter that carries a model file's content revision (`models/catalog.json`'s
 * `revision`, written at build time): the runtime model cache is keyed by it.
 */
export const REVISION_PARAM = 'rev';
