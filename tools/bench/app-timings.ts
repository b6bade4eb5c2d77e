/**
 * The app's own timings with Chromium's fake camera (`npm run bench -- --app`): navigation to the
 * first verdict and the first not-road verdict to camera off on the engine the app picks, and
 * frames per second on each engine. Uses ../shared's clips when present, else a synthetic clip
 * (then no not-road timing, and `skipped` says so).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { REPO_ROOT, SHARED_DIR } from '../lib/paths.ts';
import { chromiumLaunch, fakeCamera } from '../lib/chromium.ts';
import { syntheticClip } from '../lib/y4m.ts';

export interface AppTimings {
  clip: string;
  /** The engine the app picked by itself (the timings below are on it). */
  engine: string;
  navigationToReadyMs: number;
  startToFirstVerdictMs: number;
  navigationToFirstVerdictMs: number;
  notRoadToCameraOffMs: number | null;
  fps: Record<string, number>;
  /** What could not be measured and why (e.g. no not-road clip without ../shared). */
  skipped: string[];
}

const PORT = 4182;
/** How long the not-road clip plays: the gate needs 3 s of not-road, plus smoothing and start-up. */
const NOT_ROAD_SECONDS = 6;

/** Records when each data-testid element's data-* attribute takes each value (page time, ms). */
const RECORD = () => {
  const w = window as unknown as {
    __events: { t: number; id: string; attr: string; value: string }[];
  };
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

type Ev = { t: number; id: string; attr: string; value: string };
const first = (evs: Ev[], id: string, attr: string, value: RegExp) =>
  evs.find((e) => e.id === id && e.attr === attr && value.test(e.value))?.t;

async function run(clip: string, query: string, seconds: number) {
  const browser = await chromium.launch(chromiumLaunch(fakeCamera(clip)));
  try {
    const page = await browser.newPage();
    await page.addInitScript(RECORD);
    await page.goto(`http://127.0.0.1:${PORT}/${query}`);
    await page.waitForSelector('[data-testid="app"][data-state="ready"]', { timeout: 120_000 });
    const clickAt = await page.evaluate(() => performance.now());
    await page.click('[data-testid="start-camera"]');
    await page.waitForSelector('[data-testid="verdict"][data-label]:not([data-label=""])', {
      timeout: 60_000,
    });
    await page.waitForTimeout(seconds * 1000);
    const events = (await page.evaluate(
      () => (window as unknown as { __events: Ev[] }).__events,
    )) as Ev[];
    const fps = Number(
      await page
        .locator('[data-testid="fps"]')
        .textContent()
        .catch(() => 'NaN'),
    );
    const engine = (await page.locator('[data-testid="backend"]').textContent()) ?? '';
    return { events, clickAt, fps, engine };
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
  const server = await preview({ root: REPO_ROOT, preview: { port: PORT }, logLevel: 'silent' });
  const videos = join(SHARED_DIR, 'datasets', 'videos');
  const roadClip = join(videos, 'road_udacity-p1_solidWhiteRight.mjpeg');
  const notRoadClip = join(videos, 'notroad_intel_people-indoor.mjpeg');
  const clip = existsSync(roadClip) ? roadClip : syntheticClip();
  try {
    process.stderr.write(`app timings (${defaultVariant}, the engine it picks)…\n`);
    const picked = await run(clip, '?dev', 10);
    const ready = first(picked.events, 'app', 'data-state', /^ready$/) ?? NaN;
    const verdict = first(picked.events, 'verdict', 'data-label', /^(road|not-road)$/) ?? NaN;
    const fps: Record<string, number> = { [picked.engine]: picked.fps };
    for (const backend of ['int8', 'wasm', 'webgl'].filter((b) => b !== picked.engine)) {
      process.stderr.write(`app timings (${backend})…\n`);
      fps[backend] = (await run(clip, `?dev&backend=${backend}`, 10)).fps;
    }
    let notRoadToCameraOffMs: number | null = null;
    const skipped: string[] = [];
    if (clip !== roadClip)
      skipped.push(`the road clip (${roadClip} is absent): a synthetic clip was used`);
    if (existsSync(notRoadClip)) {
      process.stderr.write('app timings (not-road clip)…\n');
      const nr = await run(notRoadClip, '?dev', NOT_ROAD_SECONDS);
      const notRoad = first(nr.events, 'verdict', 'data-label', /^not-road$/);
      const off = first(nr.events, 'camera', 'data-state', /^off$/);
      if (notRoad !== undefined && off !== undefined) notRoadToCameraOffMs = off - notRoad;
      else
        skipped.push(
          `notRoadToCameraOffMs: the app ${notRoad === undefined ? 'gave no not-road verdict' : 'did not turn the camera off'} within ${NOT_ROAD_SECONDS} s of the not-road clip`,
        );
    } else {
      skipped.push(`notRoadToCameraOffMs: no not-road clip (${notRoadClip} is absent)`);
    }
    return {
      clip,
      engine: picked.engine,
      navigationToReadyMs: ready,
      startToFirstVerdictMs: verdict - picked.clickAt,
      navigationToFirstVerdictMs: verdict,
      notRoadToCameraOffMs,
      fps,
      skipped,
    };
  } finally {
    await server.close();
  }
}
