/**
 * The app's own timings with Chromium's fake camera (`npm run bench -- --app`): navigation to the
 * first verdict and the first not-road verdict to camera off on the engine the app picks, and
 * frames per second on each engine; memory after a while on the picked engine and on TF.js WASM;
 * then a first visit on a fresh profile (bytes before the first verdict and in its first minute,
 * gzipped), the offline install's bytes, and cached cold starts (app-report.ts); and beside
 * Chromium's engine and ms per frame, Firefox's (browsers.ts). Uses ../shared's clips when
 * present, else a synthetic clip (then no not-road timing, and `skipped` says so).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { REPO_ROOT, SHARED_DIR } from '../../common/paths.ts';
import { chromiumLaunch, fakeCamera } from '../../harness/chromium.ts';
import { syntheticClip } from '../../harness/y4m.ts';
import { firefoxRow, panelRow, type BrowserRow } from './browsers.ts';
import { downloadDriveLog, inferenceLoad, type InferenceLoad } from './drive-log.ts';
import * as appEvents from './events.ts';
import { EAGER_MEMORY_FLAG, MEMORY_AFTER_S, readMemory, type MemoryReading } from './memory.ts';
import { visitAndRestart } from './first-visit.ts';
import { installReport, type InstallReport } from './report.ts';
import { measureTransition, type Transition } from './transition.ts';

export interface AppTimings extends InstallReport {
  clip: string;
  /** The engine the app picked by itself (the timings below are on it). */
  engine: string;
  navigationToReadyMs: number;
  startToFirstVerdictMs: number;
  navigationToFirstVerdictMs: number;
  notRoadToCameraOffMs: number | null;
  /** The road leaving the view: road clip, then not-road, at the slow rate when it changes. */
  transition: Transition | null;
  /** What classifying cost on the clip, on the engine picked (from the app's drive log). */
  inference: InferenceLoad | null;
  fps: Record<string, number>;
  /** Memory after `MEMORY_AFTER_S` s on the clip, by engine: the one picked, and wasm. */
  memory: Record<string, MemoryReading>;
  /** The engine each browser settles on and its ms per frame: Chromium, then Firefox. */
  browsers: BrowserRow[];
  /** What could not be measured and why (e.g. no not-road clip without ../shared). */
  skipped: string[];
}

/** How long the clip plays after the first verdict where memory is not read (s). */
const FPS_SECONDS = 10;
/** How long the not-road clip plays: the gate needs 3 s of not-road, plus smoothing and start-up. */
const NOT_ROAD_SECONDS = 6;

async function run(origin: string, clip: string, query: string, seconds: number, memory = false) {
  const flags = [...fakeCamera(clip), ...(memory ? [EAGER_MEMORY_FLAG] : [])];
  const browser = await chromium.launch(chromiumLaunch(flags));
  try {
    const page = await browser.newPage();
    await page.addInitScript(appEvents.RECORD);
    await page.goto(`${origin}/${query}`);
    await page.waitForSelector(appEvents.APP_READY, { timeout: 120_000 });
    const clickAt = await page.evaluate(() => performance.now());
    await page.click('[data-testid="start-camera"]');
    await page.waitForSelector(appEvents.VERDICT_SHOWN, { timeout: 60_000 });
    await page.waitForTimeout(seconds * 1000);
    const { events } = await page.evaluate(appEvents.READ_EVENTS);
    const fps = Number(
      await page
        .locator('[data-testid="fps"]')
        .textContent()
        .catch(() => 'NaN'),
    );
    const engine = (await page.locator('[data-testid="backend"]').textContent()) ?? '';
    const csv = await downloadDriveLog(page);
    const load = csv === null ? null : inferenceLoad(csv);
    const row = await panelRow(page, `Chromium ${browser.version()}`);
    return {
      events,
      clickAt,
      fps,
      engine,
      load,
      row,
      memory: memory ? await readMemory(page) : null,
    };
  } finally {
    await browser.close();
  }
}

export async function measureApp(defaultVariant: string): Promise<AppTimings> {
  // Always the current app: a dist/ left from an earlier build may carry another default model.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  // A port of its own (the OS picks a free one): the e2e tests' preview may hold 4173.
  const server = await preview({ root: REPO_ROOT, preview: { port: 0 }, logLevel: 'silent' });
  const origin = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
  const videos = join(SHARED_DIR, 'datasets', 'videos');
  const roadClip = join(videos, 'road_udacity-p1_solidWhiteRight.mjpeg');
  const notRoadClip = join(videos, 'notroad_intel_people-indoor.mjpeg');
  const clip = existsSync(roadClip) ? roadClip : syntheticClip();
  try {
    process.stderr.write(`app timings (${defaultVariant}, the engine it picks)…\n`);
    const picked = await run(origin, clip, '?dev', MEMORY_AFTER_S, true);
    const ready = appEvents.firstEvent(picked.events, 'app', 'data-state', /^ready$/) ?? NaN;
    const verdict =
      appEvents.firstEvent(picked.events, 'verdict', 'data-label', appEvents.VERDICT_LABEL) ?? NaN;
    const fps: Record<string, number> = { [picked.engine]: picked.fps };
    const memory: Record<string, MemoryReading> = {};
    if (picked.memory) memory[picked.engine] = picked.memory;
    const skipped: string[] = [];
    process.stderr.write(`app timings in Firefox (${defaultVariant}, the engine it picks)…\n`);
    const firefox = await firefoxRow(origin, skipped);
    for (const backend of ['int8', 'wasm', 'webgl'].filter((b) => b !== picked.engine)) {
      process.stderr.write(`app timings (${backend})…\n`);
      const withMemory = backend === 'wasm';
      const r = await run(
        origin,
        clip,
        `?dev&backend=${backend}`,
        withMemory ? MEMORY_AFTER_S : FPS_SECONDS,
        withMemory,
      );
      fps[backend] = r.fps;
      if (r.memory) memory[r.engine || backend] = r.memory;
    }
    let notRoadToCameraOffMs: number | null = null;
    if (clip !== roadClip)
      skipped.push(`the road clip (${roadClip} is absent): a synthetic clip was used`);
    if (existsSync(notRoadClip)) {
      process.stderr.write('app timings (not-road clip)…\n');
      const nr = await run(origin, notRoadClip, '?dev', NOT_ROAD_SECONDS);
      const notRoad = appEvents.firstEvent(nr.events, 'verdict', 'data-label', /^not-road$/);
      const off = appEvents.firstEvent(nr.events, 'camera', 'data-state', /^off$/);
      if (notRoad !== undefined && off !== undefined) notRoadToCameraOffMs = off - notRoad;
      else
        skipped.push(
          `notRoadToCameraOffMs: the app ${notRoad === undefined ? 'gave no not-road verdict' : 'did not turn the camera off'} within ${NOT_ROAD_SECONDS} s of the not-road clip`,
        );
    } else {
      skipped.push(`notRoadToCameraOffMs: no not-road clip (${notRoadClip} is absent)`);
    }
    let transition: Transition | null = null;
    if (existsSync(roadClip) && existsSync(notRoadClip)) {
      process.stderr.write('app timings (road, then not-road)…\n');
      const t = await measureTransition(origin, roadClip, notRoadClip);
      if (typeof t === 'string') skipped.push(`transition: ${t}`);
      else transition = t;
    } else skipped.push('transition: needs the road and the not-road clip');
    process.stderr.write('first visit on a fresh profile, then cached cold starts…\n');
    const install = installReport(
      await visitAndRestart(origin, clip),
      origin,
      join(REPO_ROOT, 'dist'),
    );
    if (!install.firstVisit.installed)
      skipped.push('the first visit never showed offline-status ready: the install is incomplete');
    if (!install.firstVisit.movedToInt8)
      skipped.push('the first visit never moved to int8: the engine cache may be empty');
    return {
      clip,
      engine: picked.engine,
      navigationToReadyMs: ready,
      startToFirstVerdictMs: verdict - picked.clickAt,
      navigationToFirstVerdictMs: verdict,
      notRoadToCameraOffMs,
      transition,
      inference: picked.load,
      fps,
      memory,
      browsers: [picked.row, ...(firefox ? [firefox] : [])],
      ...install,
      skipped,
    };
  } finally {
    await server.close();
  }
}
