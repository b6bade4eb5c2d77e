/**
 * What the app-timing runs observe in the page: when each `data-testid` element's `data-state` or
 * `data-label` takes each value, in page time (ms since navigation), recorded by an init script.
 */

/** One attribute change of a `data-testid` element, at `t` ms of page time. */
export interface AppEvent {
  t: number;
  id: string;
  attr: string;
  value: string;
}

/** Init script: records every change into `window.__events` (read back with `readEvents`). */
export const RECORD = (): void => {
  const w = window as unknown as { __events: AppEvent[] };
  w.__events = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target as Element;
      const id = el.getAttribute?.('data-testid');
      if (id && r.attributeName)
        w.__events.push({
          t: performance.now(),
          id,
          attr: r.attributeName,
          value: el.getAttribute(r.attributeName) ?? '',
        });
    }
  }).observe(document, {
    attributes: true,
    subtree: true,
    attributeFilter: ['data-state', 'data-label'],
  });
};

/** The page's recorded events and its time origin (epoch ms), to place them on the wall clock. */
export const READ_EVENTS = (): { events: AppEvent[]; timeOrigin: number } => ({
  events: (window as unknown as { __events: AppEvent[] }).__events,
  timeOrigin: performance.timeOrigin,
});

/** Page time of the first event of `id`'s `attr` matching `value`, if any. */
export const firstEvent = (
  evs: readonly AppEvent[],
  id: string,
  attr: string,
  value: RegExp,
): number | undefined => evs.find((e) => e.id === id && e.attr === attr && value.test(e.value))?.t;

/** The app is ready to start: `[data-testid="app"][data-state="ready"]`. */
export const APP_READY = '[data-testid="app"][data-state="ready"]';
/** A verdict is shown: the verdict element's label is set. */
export const VERDICT_SHOWN = '[data-testid="verdict"][data-label]:not([data-label=""])';
/** The first verdict's label values. */
export const VERDICT_LABEL = /^(road|not-road)$/;
