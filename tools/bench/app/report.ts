/**
 * The first visit's and the install's figures from what a visit saw (bytes gzipped from dist/,
 * medians of the cold starts), and the readable summary `npm run bench -- --app` prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserTable } from './browsers.ts';
import type { AppTimings } from './timings.ts';
import type { StartTimes, VisitResult } from './first-visit.ts';
import { FIRST_VISIT_WINDOW_MS } from './first-visit.ts';
import {
  gzipTable,
  median,
  megabytes,
  offOrigin,
  pathsFetchedBy,
  precacheUrls,
  type ByteTable,
} from './transfer-bytes.ts';

/** Medians of the cached cold starts (ms), and each start. */
export interface ColdStartMs {
  navigationToReadyMs: number;
  startToFirstVerdictMs: number;
  navigationToFirstVerdictMs: number;
  runs: StartTimes[];
}

/** What a first visit costs and what the installed app keeps, all gzipped as a host sends it. */
export interface InstallReport {
  /** The first visit (fresh profile): its engine and timings, and whether it finished installing. */
  firstVisit: StartTimes & {
    installed: boolean;
    movedToInt8: boolean;
    requests: number;
    serviceWorkerRequests: number;
    /** URLs of other origins requested in the window: none is the goal. */
    offOriginRequests: string[];
    /** Each request of the window: ms from navigation, and who made it / who answered it. */
    requestLog: { atMs: number; url: string; by: 'page' | 'service-worker'; fromSw: boolean }[];
  };
  /** Same-origin files requested before the first verdict, each once. */
  firstVisitBytesBeforeVerdict: ByteTable;
  /** Same-origin files requested in the first `FIRST_VISIT_WINDOW_MS` of the first visit. */
  firstVisitBytesWindow: ByteTable & { windowMs: number };
  /** The service worker's precache list (dist/sw.js). */
  precacheBytes: ByteTable;
  /** The engine build the worker cached on this device (Cache Storage `roadgate-engine-v1`). */
  engineCacheBytes: ByteTable;
  /** precacheBytes + engineCacheBytes, gzipped. */
  offlineInstallBytes: number;
  cachedColdStartMs: ColdStartMs;
}

/** The figures of `visit` to the app served from `origin`, with file sizes from `distDir`. */
export function installReport(visit: VisitResult, origin: string, distDir: string): InstallReport {
  const f = visit.fetches;
  const precache = gzipTable(distDir, precacheUrls(readFileSync(join(distDir, 'sw.js'), 'utf8')));
  const engine = gzipTable(
    distDir,
    pathsFetchedBy(
      visit.engineCacheUrls.map((url) => ({ url, startMs: 0 })),
      origin,
    ),
  );
  const runs = visit.coldStarts;
  const med = (k: keyof Omit<StartTimes, 'engine'>) => median(runs.map((r) => r[k]));
  return {
    firstVisit: {
      ...visit.firstVisit,
      installed: visit.installed,
      movedToInt8: visit.movedToInt8,
      requests: f.length,
      serviceWorkerRequests: f.filter((x) => x.byServiceWorker).length,
      offOriginRequests: offOrigin(f, origin),
      requestLog: f.map((x) => ({
        atMs: Math.round(x.startMs - visit.navigationAtMs),
        url: x.url.startsWith(origin) ? x.url.slice(origin.length) : x.url,
        by: x.byServiceWorker ? 'service-worker' : 'page',
        fromSw: x.fromServiceWorker,
      })),
    },
    firstVisitBytesBeforeVerdict: gzipTable(distDir, pathsFetchedBy(f, origin, visit.verdictAtMs)),
    firstVisitBytesWindow: {
      ...gzipTable(distDir, pathsFetchedBy(f, origin)),
      windowMs: FIRST_VISIT_WINDOW_MS,
    },
    precacheBytes: precache,
    engineCacheBytes: engine,
    offlineInstallBytes: precache.gzipBytes + engine.gzipBytes,
    cachedColdStartMs: {
      navigationToReadyMs: med('navigationToReadyMs'),
      startToFirstVerdictMs: med('startToFirstVerdictMs'),
      navigationToFirstVerdictMs: med('navigationToFirstVerdictMs'),
      runs,
    },
  };
}

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '–');
const mbOrDash = (b: number | null) => (b === null ? '–' : megabytes(b));

/** The largest files of a table, `path gzipped (raw)`, one per line. */
function topFiles(t: ByteTable, n: number): string[] {
  const lines = t.files
    .slice(0, n)
    .map((x) => `    ${x.path}  ${megabytes(x.gzipBytes)} (raw ${megabytes(x.rawBytes)})`);
  if (t.files.length > n) lines.push(`    … ${t.files.length - n} more files`);
  return lines;
}

/** A readable summary of the app measurements (MB = 10^6 bytes, gzipped at level 9). */
export function appSummary(app: AppTimings, filesShown = 6): string {
  const out: string[] = [];
  const fv = app.firstVisit;
  const total = (t: ByteTable) =>
    `${megabytes(t.gzipBytes)} gzipped (raw ${megabytes(t.rawBytes)}), ${t.files.length} files`;
  out.push(
    `App on ${app.engine}, navigation → first verdict ${ms(app.navigationToFirstVerdictMs)}`,
  );
  out.push('Per browser (default variant, first visit, after the move to int8):');
  out.push(...browserTable(app.browsers));
  const load = app.inference;
  out.push(
    `Classifying the clip on ${app.engine}: ${load ? `${load.inferenceMsPerSecond.toFixed(1)} ms of inference per second (${load.framesPerSecond.toFixed(1)} frames/s over ${load.seconds.toFixed(1)} s, ${Math.round(load.slowShare * 100)}% at the steady-road rate)` : '–'}; not-road verdict → camera off ${app.notRoadToCameraOffMs === null ? '–' : ms(app.notRoadToCameraOffMs)}`,
  );
  const tr = app.transition;
  if (tr) {
    out.push(
      `Road, then not-road (plan at the change: ${tr.intervalAtChangeMs} ms): camera off ${ms(tr.lastRoadFrameToOffMs)} after the last road frame, ${ms(tr.firstNotRoadFrameToOffMs)} after the first not-road frame, ${tr.notRoadVerdictToOffMs === null ? '–' : ms(tr.notRoadVerdictToOffMs)} after the not-road verdict`,
    );
  }
  out.push(
    `First visit (fresh profile, started on ${fv.engine}; first verdict at ${ms(fv.navigationToFirstVerdictMs)}):`,
  );
  out.push(`  before the first verdict: ${total(app.firstVisitBytesBeforeVerdict)}`);
  out.push(...topFiles(app.firstVisitBytesBeforeVerdict, filesShown));
  out.push(
    `  in the first ${app.firstVisitBytesWindow.windowMs / 1000} s: ${total(app.firstVisitBytesWindow)}; ${fv.requests} requests, ${fv.serviceWorkerRequests} by the service worker, ${fv.offOriginRequests.length} to other origins`,
  );
  out.push(
    `  offline-ready: ${fv.installed ? 'yes' : 'NO'}; moved to int8: ${fv.movedToInt8 ? 'yes' : 'NO'}`,
  );
  out.push(`Offline install: ${megabytes(app.offlineInstallBytes)} gzipped`);
  out.push(`  precache: ${total(app.precacheBytes)}`);
  out.push(`  engine cache: ${total(app.engineCacheBytes)}`);
  out.push(...topFiles(app.engineCacheBytes, filesShown));
  const c = app.cachedColdStartMs;
  out.push(
    `Cached cold start (median of ${c.runs.length}; engines ${c.runs.map((r) => r.engine).join(', ')}): navigation → ready ${ms(c.navigationToReadyMs)}, start → first verdict ${ms(c.startToFirstVerdictMs)}, navigation → first verdict ${ms(c.navigationToFirstVerdictMs)}`,
  );
  for (const [engine, m] of Object.entries(app.memory)) {
    out.push(
      `Memory on ${engine}: page and workers ${mbOrDash(m.pageAndWorkersBytes)}, engine heap ${mbOrDash(m.engineHeapBytes)} (answered in ${ms(m.measureMs)})${m.note ? ` (${m.note})` : ''}`,
    );
  }
  return out.join('\n');
}
