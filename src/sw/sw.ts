/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell, the WASM binaries and the default model (the
 * list comes from the build); caches other model variants the first time they load; removes
 * outdated caches; puts the hosting headers (isolation, CSP) on everything it serves; waits for
 * the page's go-ahead before taking over.
 */
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core';
import { withServedHeaders } from './responseHeaders.ts';
import { ENGINE_CACHE, MODEL_CACHE, REVISION_PARAM, SKIP_WAITING } from './names.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

const withHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withServedHeaders(response),
};

addPlugins([withHeaders]);
// The page asks for model files as `…?rev=<content revision>` (the catalog's, set at build): the
// precached default variant is this build's own copy whatever the revision says.
precacheAndRoute(self.__WB_MANIFEST, {
  ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, new RegExp(`^${REVISION_PARAM}$`)],
});
cleanupOutdatedCaches();

// Every navigation (whatever its query: ?dev, ?variant=...) gets the precached app shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

/**
 * Once a file of a new revision is cached, the copies of older revisions of the same file go:
 * a retrained variant replaces the old one instead of sitting beside it. Two tabs on two versions
 * of the app may each replace the other's copy: each fetches its own again when it needs it.
 */
const dropOlderRevisions: WorkboxPlugin = {
  cacheDidUpdate: async ({ cacheName, request }) => {
    const cache = await caches.open(cacheName);
    const fresh = new URL(request.url);
    for (const key of await cache.keys(request, { ignoreSearch: true })) {
      if (new URL(key.url).search !== fresh.search) await cache.delete(key);
    }
  },
};

// Model variants other than the precached default, and teach mode's feature sets (fetched when
// it first opens): cache-first by content revision. The feature sets are computed from the
// model's files (npm run models:check-set, run by retrain:all after each model), so the model's
// revision is theirs too.
registerRoute(
  ({ url, sameOrigin }) =>
    sameOrigin &&
    /\/models\/[^/]+\/(model\.json|model\.tflite|(?:check|anchor)\.json|[^/]+\.bin)$/.test(
      url.pathname,
    ),
  new CacheFirst({ cacheName: MODEL_CACHE, plugins: [withHeaders, dropOlderRevisions] }),
);

self.addEventListener('activate', (event) => {
  // Drop caches of this app that an older version left behind (not the precache, which
  // cleanupOutdatedCaches handles; not the model cache, which stays valid across versions; not
  // the engine cache, which the worker prunes itself).
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith('roadgate-') && k !== MODEL_CACHE && k !== ENGINE_CACHE)
            .map((k) => caches.delete(k)),
        ),
      ),
  );
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});
