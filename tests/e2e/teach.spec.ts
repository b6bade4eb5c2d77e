/**
 * Teach mode (ARCHITECTURE.md, Teach mode), through the page's test contract: examples from
 * picked photos of two synthetic scenes (no ../shared needed), a personal head trained in the
 * teach worker, used, kept across a reload, exported and imported in a fresh profile, reset to
 * the shipped model, and taught offline.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BASE_URL, endProfile, firstVisit, launchProfile } from './launch.ts';
import { browserPerTest, ready } from './steps.ts';
import { scenePhotos, stillClip, teachFromPhotos } from './teachScenes.ts';

const { open } = browserPerTest();
const NAME = 'my car';
/** Frames 0..24 of each scene are taught; the camera shows frame 40, which was not. */
const TAUGHT = 25;
const LATER_FRAME = 40;

async function teachReady(page: Page) {
  await ready(page);
  await expect(page.getByTestId('teach')).toHaveAttribute('data-phase', 'ready', {
    timeout: 60_000,
  });
}

/** Teaches the two scenes (`teachFromPhotos`); returns the two held-back accuracies. */
async function teachScenes(page: Page) {
  await teachFromPhotos(page, TAUGHT);
  const result = page.getByTestId('teach-result');
  const shipped = Number(await result.getAttribute('data-accuracy-shipped'));
  const personal = Number(await result.getAttribute('data-accuracy-personal'));
  return { shipped, personal };
}

/**
 * The verdict's confidence once it has settled: every frame of a still clip is the same picture,
 * so the smoothed value stops moving (the same reading 1 s apart, three times running).
 */
async function settled(page: Page): Promise<number> {
  const read = async () =>
    Number(await page.getByTestId('verdict').getAttribute('data-confidence'));
  let last = await read();
  let same = 0;
  await expect
    .poll(
      async () => {
        const now = await read();
        same = now === last ? same + 1 : 0;
        last = now;
        return same;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBeGreaterThanOrEqual(3);
  return last;
}

const variant = (page: Page) => page.getByTestId('variant-select');

test('teach from picked photos: the personal head is put in use, reads a later frame of the taught scene as road, and survives a reload; reset goes back to shipped', async () => {
  const page = await open('/?teach&dev', stillClip('lane', LATER_FRAME));
  await teachReady(page);
  const base = await variant(page).inputValue();
  // The shipped model reads the lane scene as not-road (teach mode keeps the camera on).
  await page.getByTestId('start-camera').click();
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-label', 'not-road', { timeout: 30_000 });
  const { shipped, personal } = await teachScenes(page);
  // The held-back examples are the last 20% of each label's photos: later frames of each scene.
  // The shipped head gets the lane frames wrong; the personal head gets them right.
  expect(shipped).toBeLessThan(personal);
  expect(personal).toBe(1);
  await expect(variant(page)).toHaveValue(`personal:${NAME}`);
  // A personal head runs on TF.js: the .tflite ends in the shipped head.
  await expect(page.getByTestId('backend')).toHaveText(/^(webgl|wasm|cpu)/);
  await expect(verdict).toHaveAttribute('data-label', 'road', { timeout: 30_000 });

  await page.reload();
  await teachReady(page);
  await expect(variant(page)).toHaveValue(`personal:${NAME}`);
  await expect(page.getByTestId('personal-models').locator('li')).toHaveCount(1);

  await page.getByTestId('teach-reset').click();
  await expect(variant(page)).toHaveValue(base);
  // The switch is done (the shipped model runs on the integer engine): only then is it remembered.
  await expect(page.getByTestId('backend')).toHaveText(/^int8/, { timeout: 30_000 });
  await page.reload();
  await ready(page);
  await expect(variant(page)).toHaveValue(base);
  // Reset stops using the personal model; it stays kept until deleted.
  await expect(page.getByTestId('personal-models').locator('li')).toHaveCount(1);
});

test('taught offline after the first visit, then exported and imported in a fresh profile: the same model gives the same verdict on the same frame', async () => {
  test.setTimeout(240_000);
  const clip = stillClip('lane', LATER_FRAME);
  const first = await launchProfile(BASE_URL, clip);
  const other = await launchProfile(BASE_URL, clip).catch(async (err: unknown) => {
    await endProfile(first.context);
    throw err;
  });
  try {
    const { page, context } = first;
    await firstVisit(page, '/?dev');
    await context.setOffline(true);
    await page.goto('/?teach&dev');
    await teachReady(page);
    const { personal } = await teachScenes(page);
    expect(personal).toBe(1);
    await expect(variant(page)).toHaveValue(`personal:${NAME}`);
    await page.getByTestId('start-camera').click();
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-label', 'road', { timeout: 30_000 });
    const confidence = await settled(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('teach-export').first().click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; name: string };
    expect(exported).toMatchObject({ format: 'roadgate-personal-model', name: NAME });

    const fresh = other.page;
    await fresh.goto('/?teach&dev');
    await teachReady(fresh);
    await expect(fresh.getByTestId('personal-models').locator('li')).toHaveCount(0);
    await fresh.getByTestId('teach-import').setInputFiles(file);
    await expect(fresh.getByTestId('personal-models').locator('li')).toHaveCount(1);
    await variant(fresh).selectOption(`personal:${NAME}`);
    await expect(fresh.getByTestId('backend')).toHaveText(/^(webgl|wasm|cpu)/);
    await fresh.getByTestId('start-camera').click();
    const v = fresh.getByTestId('verdict');
    await expect(v).toHaveAttribute('data-label', 'road', { timeout: 30_000 });
    expect(Math.abs((await settled(fresh)) - confidence)).toBeLessThanOrEqual(0.002);
  } finally {
    await endProfile(first.context);
    await endProfile(other.context);
  }
});

test('a file that is not an image is skipped and named; too few examples is a one-line error, and more examples clear it', async () => {
  const page = await open('/?teach&dev');
  await teachReady(page);
  const photos = await scenePhotos('lane', 0, 2);
  await page
    .getByTestId('teach-files-road')
    .setInputFiles([
      ...photos.map((p) => ({ name: basename(p), mimeType: 'image/png', buffer: readFileSync(p) })),
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg') },
    ]);
  await expect(page.getByTestId('teach-skipped')).toContainText('broken.jpg');
  await expect(page.getByTestId('teach-count-road')).toHaveAttribute('data-value', '2');
  await page.getByTestId('teach-train').click();
  const result = page.getByTestId('teach-result');
  await expect(result).toHaveAttribute('data-state', 'error');
  await expect(result).toContainText('Add 1 more road and 3 more not-road');
  await page.getByTestId('teach-files-road').setInputFiles(await scenePhotos('lane', 2, 4));
  await expect(result).toHaveCount(0);
});

test('hold to record from the camera: frames are added while the button is held; the gate leaves the camera on until teach mode closes', async () => {
  const page = await open('/?teach&dev', stillClip('wall', 0));
  await teachReady(page);
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  const record = page.getByTestId('teach-record-not-road');
  await expect(record).toBeEnabled();
  const count = page.getByTestId('teach-count-not-road');
  await record.hover();
  await page.mouse.down();
  await expect(record).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Number(await count.getAttribute('data-value'))).toBeGreaterThan(3);
  await page.mouse.up();
  await expect(record).toHaveAttribute('aria-pressed', 'false');
  // A frame sent while held may still be on its way to the worker: let it land.
  await page.waitForTimeout(1_000);
  const held = Number(await count.getAttribute('data-value'));
  // The shipped model reads the wall as not-road: the gate wants the camera off.
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', 'not-road');
  // A sleep on purpose, past the gate's 3 s: released, nothing more is recorded, and the camera
  // stays on while teach mode is open.
  await page.waitForTimeout(5_000);
  expect(Number(await count.getAttribute('data-value'))).toBe(held);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  await page.getByTestId('teach-close').click();
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
});

test('a picked video gives a frame every half second as examples of its label (a MediaRecorder WebM, which carries no duration)', async () => {
  const page = await open('/?teach&dev');
  await teachReady(page);
  // A 3 s video recorded in the page itself (no encoder is needed here), then picked.
  await page.evaluate(async (seconds) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [320, 240];
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    let frame = 0;
    const draw = () => {
      ctx.fillStyle = 'rgb(120 170 230)';
      ctx.fillRect(0, 0, 320, 110);
      ctx.fillStyle = 'rgb(70 70 76)';
      ctx.fillRect(0, 110, 320, 130);
      ctx.fillStyle = 'rgb(240 240 240)';
      ctx.fillRect(156 + (frame++ % 10), 110, 8, 130);
    };
    draw();
    const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const timer = setInterval(draw, 100);
    recorder.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    recorder.stop();
    await new Promise((r) => (recorder.onstop = r));
    clearInterval(timer);
    const input = document.querySelector('[data-testid="teach-files-road"]') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(new File(chunks, 'drive.webm', { type: 'video/webm' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, 3);
  const count = page.getByTestId('teach-count-road');
  // 3 s at a frame every 0.5 s: 6, give or take the recorder's start and end.
  await expect
    .poll(async () => Number(await count.getAttribute('data-value')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(4);
  await expect(page.getByText(/Reading files/)).toHaveCount(0);
  expect(Number(await count.getAttribute('data-value'))).toBeLessThanOrEqual(7);
  await expect(page.getByTestId('teach-skipped')).toHaveCount(0);
});
