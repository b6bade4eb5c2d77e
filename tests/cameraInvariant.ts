/** The camera invariant, watched from inside the page by the e2e suites of every browser. */

/**
 * Records every MediaStream the page gets, so a test can check that all their tracks ended, and
 * watches the camera invariant all along (ARCHITECTURE.md, Camera invariant): whenever the
 * camera indicator says off, the app is not running or the page is hidden, no camera track is
 * live, and never more than one runs. A violation that lasts `VIOLATION_MS` (longer than any
 * transition between stopping tracks and the next render) is recorded for `expectInvariant`.
 * Test instrumentation only: the app itself is unchanged. Runs in the page (Chromium or Firefox).
 */
export const RECORD_STREAMS = () => {
  const VIOLATION_MS = 1_000;
  const w = window as unknown as {
    __streams: MediaStream[];
    __check: () => string;
    __violations: string[];
  };
  w.__streams = [];
  w.__violations = [];
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await original(c);
    w.__streams.push(s);
    return s;
  };
  w.__check = () => {
    const state = (id: string) =>
      document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state');
    const live = w.__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live');
    const off =
      state('camera') !== 'on' ||
      state('app') !== 'running' ||
      document.visibilityState === 'hidden';
    if (off && live.length > 0) {
      return `${live.length} live track(s) while camera=${state('camera')} app=${state('app')} ${document.visibilityState}`;
    }
    return live.length > 1 ? `${live.length} live tracks at once` : 'ok';
  };
  let since: number | null = null;
  setInterval(() => {
    const result = w.__check();
    if (result === 'ok') {
      since = null;
    } else if (since === null) {
      since = performance.now();
    } else if (performance.now() - since >= VIOLATION_MS) {
      w.__violations.push(`${result} for ${VIOLATION_MS} ms at ${Math.round(since)} ms`);
      since = Number.POSITIVE_INFINITY; // Once per episode.
    }
  }, 100);
};

type Watched = { __check?: () => string; __violations?: string[]; __streams?: MediaStream[] };

/** In the page: the invariant now, 'ok' when it holds. */
export const CHECK_NOW = (): string => (window as Watched).__check?.() ?? 'no streams recorded';

/** In the page: the violations recorded so far. */
export const VIOLATIONS = (): string[] => (window as Watched).__violations ?? [];

/** In the page: live tracks of every stream the page opened. */
export const LIVE_TRACKS = (): number =>
  ((window as Watched).__streams ?? [])
    .flatMap((s) => s.getTracks())
    .filter((t) => t.readyState === 'live').length;
