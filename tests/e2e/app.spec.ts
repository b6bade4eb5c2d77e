/** The product a person holds: camera → worker → gate → camera off, on the built app. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { roadClip } from '../../tools/harness/y4m.ts';
import { expect, test, type ConsoleMessage } from '@playwright/test';
import {
  SHARED_VIDEOS,
  endSession,
  launch,
  liveTracks,
  syntheticClip,
  type Session,
} from './launch.ts';
import { classifying, frames } from './steps.ts';

const ROAD_CLIP = join(SHARED_VIDEOS, 'road_udacity-p1_solidWhiteRight.mjpeg');
const NOT_ROAD_CLIP = join(SHARED_VIDEOS, 'notroad_intel_people-indoor.mjpeg');
const HAS_CLIPS = existsSync(ROAD_CLIP) && existsSync(NOT_ROAD_CLIP);
const NEEDS_CLIPS = HAS_CLIPS ? '' : ` [skipped: ${SHARED_VIDEOS} is absent]`;

let session: Session | null = null;
test.afterEach(async () => {
  const ended = session;
  session = null;
  await endSession(ended);
});

async function start(clip: string, query = '?dev') {
  session = await launch(clip);
  const { page } = session;
  await page.goto(`/${query}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
  return page;
}

test('a synthetic clip (no ../shared needed): the app runs on the integer engine and shows a verdict', async () => {
  const page = await start(syntheticClip());
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  // The default model ships a model.tflite, so the first engine tried is the one that runs.
  await expect(page.getByTestId('backend')).toHaveText('int8');
  const confidence = Number(await page.getByTestId('verdict').getAttribute('data-confidence'));
  expect(confidence).toBeGreaterThanOrEqual(0.5);
  expect(confidence).toBeLessThanOrEqual(1);
  // What the worker found, and the build it picked from that: Chromium on the preview's isolated
  // page has relaxed SIMD and threads, so the threaded build runs.
  const features = page.getByTestId('dev-features');
  for (const name of ['simd', 'relaxed-simd', 'threads', 'cross-origin-isolated']) {
    await expect(features).toHaveAttribute(`data-${name}`, 'true');
  }
  await expect(features).toHaveAttribute('data-offscreen-canvas', 'true');
  await expect(page.getByTestId('dev-panel')).toContainText('LiteRT.js threaded');
});

test('a normal run logs no console error, in the page or its workers', async () => {
  // A clip read as road: the gate leaves the camera on, so frames go on after the move.
  session = await launch(roadClip());
  const { page } = session;
  const errors: string[] = [];
  const collect = (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text().slice(0, 200));
  };
  page.on('console', collect);
  page.on('worker', (w) => w.on('console', collect));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  // Through the first visit's move to the integer engine (its runtime logs on load).
  await expect(page.getByTestId('backend')).toHaveText('int8', { timeout: 40_000 });
  // Frames classified on the integer engine: the run has gone past the move.
  await classifying(page, 5);
  expect(errors).toEqual([]);
});

test(`a road clip keeps the camera on for 10 s${NEEDS_CLIPS}`, async () => {
  test.skip(!HAS_CLIPS, `needs ${SHARED_VIDEOS}`);
  const page = await start(ROAD_CLIP, '?dev&backend=wasm');
  const before = await frames(page);
  // A sleep on purpose: the camera must NOT go off during these 10 s (frames keep coming).
  await page.waitForTimeout(10_000);
  expect(await frames(page)).toBeGreaterThan(before + 10);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', 'road');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  expect(await liveTracks(page)).toBe(1);
});

test(`a not-road clip turns the camera off within 5 s and ends every track${NEEDS_CLIPS}`, async () => {
  test.skip(!HAS_CLIPS, `needs ${SHARED_VIDEOS}`);
  // WASM: this machine's WebGL is software-rendered, ~10x slower than WASM and unlike a phone's GPU.
  const page = await start(NOT_ROAD_CLIP, '?dev&backend=wasm');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', { timeout: 5_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', 'not-road');
  expect(await liveTracks(page)).toBe(0);
  expect(await page.evaluate(() => document.querySelector('video')?.srcObject ?? null)).toBeNull();
  // Resume brings the camera back.
  await page.getByTestId('resume-camera').click();
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  expect(await liveTracks(page)).toBe(1);
});

test(`with a periodic re-check, the camera comes back by itself after turning off${NEEDS_CLIPS}`, async () => {
  test.skip(!HAS_CLIPS, `needs ${SHARED_VIDEOS}`);
  const page = await start(NOT_ROAD_CLIP, '?dev&backend=wasm');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', {
    timeout: 10_000,
  });
  // Turned on while the camera is already off: it applies from now.
  await page.getByText('Settings').click();
  await page.getByTestId('recheck-select').selectOption('15000');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on', { timeout: 20_000 });
  // Still no road: off again.
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', {
    timeout: 10_000,
  });
  expect(await liveTracks(page)).toBe(0);
});

test('a denied camera permission shows the error state with what to do', async () => {
  session = await launch(syntheticClip(), { camera: 'denied' });
  const { page } = session;
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('error')).toContainText(/denied/i);
  await expect(page.getByTestId('error')).toContainText(/Allow the camera/);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
});

for (const backend of ['int8', 'wasm', 'webgl'] as const) {
  test(`?backend=${backend} classifies`, async () => {
    const page = await start(syntheticClip(), `?dev&backend=${backend}`);
    await expect(page.getByTestId('backend')).toHaveText(backend);
    await expect
      .poll(async () => Number(await page.getByTestId('frames').textContent()))
      .toBeGreaterThan(3);
    if (backend !== 'int8') return;
    // The engine's own memory (its WASM heap), where a TF.js tensor count reads 0.
    const memory = async () =>
      Number(await page.getByTestId('worker-memory').getAttribute('data-value'));
    await expect.poll(memory).toBeGreaterThan(1024 * 1024);
  });
}

test(`switching the variant keeps the camera running and leaks no tensor in the worker${NEEDS_CLIPS}`, async () => {
  // A road clip, so that the gate keeps the camera on for the 60 frames.
  test.skip(!HAS_CLIPS, `needs ${SHARED_VIDEOS}`);
  test.setTimeout(180_000);
  const page = await start(ROAD_CLIP, '?dev&backend=wasm');
  const select = page.getByTestId('variant-select');
  const options = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  test.skip(options.length < 2, 'the catalog has a single variant');
  const frames = async () => Number(await page.getByTestId('frames').textContent());
  const tensors = async () => Number(await page.getByTestId('num-tensors').textContent());
  await expect.poll(frames, { timeout: 60_000 }).toBeGreaterThan(10);
  const steady = await tensors();
  // On steady road the gate samples 4 frames a second: 60 frames is 15 s, and a tensor leaked
  // per frame would show 60 times over.
  await expect.poll(frames, { timeout: 120_000, intervals: [1000] }).toBeGreaterThanOrEqual(60);
  expect(await tensors()).toBe(steady);

  const current = await select.inputValue();
  const other = options.find((o) => o !== current) as string;
  await select.selectOption(other);
  await expect(select).toHaveValue(other);
  await expect(select).toBeEnabled({ timeout: 60_000 });
  const after = await frames();
  await expect.poll(frames, { timeout: 30_000 }).toBeGreaterThan(after + 5);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  // Every MobileNet variant has the same layers, so the same number of weight tensors.
  expect(await tensors()).toBe(steady);
});

test(`switching variants twice stays on the integer engine${NEEDS_CLIPS}`, async () => {
  // A road clip, so that the gate keeps the camera on and frames keep coming.
  test.skip(!HAS_CLIPS, `needs ${SHARED_VIDEOS}`);
  test.setTimeout(120_000);
  const page = await start(ROAD_CLIP);
  await expect(page.getByTestId('backend')).toHaveText('int8');
  const select = page.getByTestId('variant-select');
  const options = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const frames = async () => Number(await page.getByTestId('frames').textContent());
  // Two switches: MediaPipe's loader must work for a second and a third task in one worker.
  for (const other of options.filter((o) => o !== options[0]).slice(0, 2)) {
    await select.selectOption(other);
    await expect(select).toBeEnabled({ timeout: 60_000 });
    await expect(select).toHaveValue(other);
    await expect(page.getByTestId('backend')).toHaveText('int8');
    await expect(page.getByTestId('dev-panel')).not.toContainText('not int8');
    const after = await frames();
    await expect.poll(frames, { timeout: 30_000 }).toBeGreaterThan(after + 3);
  }
});

test(`a first visit starts on TF.js and moves to the integer engine without stopping the camera${NEEDS_CLIPS}`, async () => {
  test.skip(!HAS_CLIPS, `needs ${SHARED_VIDEOS}`);
  session = await launch(ROAD_CLIP);
  const { page } = session;
  // Every value the camera indicator takes, from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __camera: string[] }).__camera = seen;
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="camera"]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
  });
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // Nothing of the integer engine's runtime is on this device yet: TF.js first, and why.
  await expect(page.getByTestId('backend')).toHaveText(/^(webgl|wasm)$/);
  await expect(page.getByTestId('dev-panel')).toContainText(
    /not int8: its runtime is not on this device yet/,
  );
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/);
  await expect(page.getByTestId('backend')).toHaveText('int8', { timeout: 30_000 });
  await expect(page.getByTestId('dev-panel')).not.toContainText('not int8');
  const frames = async () => Number(await page.getByTestId('frames').textContent());
  const after = await frames();
  await expect.poll(frames).toBeGreaterThan(after + 5);
  // On once, and never off since: the move did not touch the camera.
  const camera = await page.evaluate(() => (window as unknown as { __camera: string[] }).__camera);
  expect(camera.slice(camera.indexOf('on'))).toEqual(['on']);
  expect(await liveTracks(page)).toBe(1);
});
