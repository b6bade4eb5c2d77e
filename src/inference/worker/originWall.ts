/// <reference lib="webworker" />
/**
 * Nothing leaves the phone, even where the host sends no CSP: this worker refuses, itself, every
 * request to another origin (fetch, XMLHttpRequest, WebSocket, EventSource). A second wall
 * behind the CSP: on a first visit to a header-less host the worker's script comes with no
 * policy at all (a dedicated worker does not inherit the page's <meta> CSP), and a runtime
 * library could phone home (MediaPipe Tasks POSTs usage logs every ~60 s). Imported first by
 * worker.ts, so it is in place before any library code runs.
 */
declare const self: DedicatedWorkerGlobalScope;

/** Schemes that never leave the device. */
const LOCAL_SCHEMES = new Set(['blob:', 'data:']);

/** Whether `url` (relative to the worker's own URL) stays on this device or this origin. */
export function staysHome(url: string | URL, base: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return true; // Not a URL: the real call fails on it, as it would have.
  }
  return LOCAL_SCHEMES.has(parsed.protocol) || parsed.origin === new URL(base).origin;
}

const refused = (url: string | URL) =>
  new TypeError(
    `Roadgate refused a request to ${String(url).slice(0, 80)}: nothing leaves this device`,
  );

function closeWall(): void {
  const base = self.location.href;
  const ownFetch = self.fetch.bind(self);
  self.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input;
    return staysHome(url, base) ? ownFetch(input, init) : Promise.reject(refused(url));
  };
  const ownOpen = XMLHttpRequest.prototype.open as (this: XMLHttpRequest, ...a: unknown[]) => void;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    const url = args[1] as string | URL;
    if (!staysHome(url, base)) throw refused(url);
    ownOpen.apply(this, args);
  } as XMLHttpRequest['open'];
  for (const name of ['WebSocket', 'EventSource'] as const) {
    const Original = (self as unknown as Record<string, unknown>)[name] as
      (new (url: string | URL, o?: unknown) => object) | undefined;
    if (!Original) continue;
    const Guarded = function (url: string | URL, options?: unknown) {
      if (!staysHome(url, base)) throw refused(url);
      return new Original(url, options);
    };
    Object.defineProperty(self, name, { value: Guarded, configurable: true, writable: true });
  }
}

if (typeof self !== 'undefined' && 'location' in self) closeWall();
