/** Offline after one visit, installable, and no request leaves the origin. */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { roadClip } from '../../tools/harness/y4m.ts';
import { BASE_URL, endProfile, firstVisit, launchProfile } from './launch.ts';
import { classifying, frames } from './steps.ts';

let context: BrowserContext | null = null;
test.afterEach(async () => {
  const ended = context;
  context = null;
  await endProfile(ended);
});

async function open(clip?: string): Promise<Page> {
  const profile = await launchProfile(BASE_URL, clip);
  context = profile.context;
  return profile.page;
}

async function startCamera(page: Page) {
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
}

test('after one visit the app starts, runs the camera and classifies offline', async () => {
  const page = await open();
  await firstVisit(page, '/?dev');

  await (context as BrowserContext).setOffline(true);
  await page.reload();
  await startCamera(page);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', /on|off/);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The integer engine: its glue and the default model.tflite from the precache, the one WASM
  // build this browser runs from the engine cache the worker filled on the first visit.
  await expect(page.getByTestId('backend')).toHaveText('int8');

  // A variant never loaded online cannot load now: a clear notice, and the running one goes on.
  const select = page.getByTestId('variant-select');
  const options = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const current = await select.inputValue();
  const other = options.find((o) => o !== current);
  test.skip(other === undefined, 'the catalog has a single variant');
  await select.selectOption(other as string);
  await expect(
    page.getByText(/is not saved on this device and could not be downloaded/),
  ).toBeVisible({ timeout: 30_000 });
  await expect(select).toHaveValue(current);
  await expect(page.getByTestId('app')).not.toHaveAttribute('data-state', 'error');
});

test('Chromium reports no installability errors', async () => {
  const page = await open();
  await firstVisit(page, '/');
  const cdp = await (context as BrowserContext).newCDPSession(page);
  await expect
    .poll(
      async () =>
        ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] })
          .installabilityErrors,
      {
        timeout: 30_000,
      },
    )
    .toEqual([]);
});

test('every request of a whole run stays on the origin, and nothing breaks the CSP', async () => {
  // A road: the camera stays on for the whole run (the room would have the gate stop it).
  const page = await open(roadClip());
  const requests: string[] = [];
  (context as BrowserContext).on('request', (r) => requests.push(r.url()));
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  // TF.js WASM (single-threaded) for the first part of the run.
  await page.goto('/?dev&backend=wasm');
  await startCamera(page);
  await expect(page.getByTestId('dev-panel')).toContainText('threads off');
  // A run, not a glimpse: frames go on being classified on this engine.
  await classifying(page, 20);
  const select = page.getByTestId('variant-select');
  const options = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const other = options.find((o) => o !== options[0]);
  if (other) {
    await select.selectOption(other);
    await expect(select).toBeEnabled({ timeout: 60_000 });
  }
  if ((await page.getByTestId('camera').getAttribute('data-state')) === 'on')
    await page.getByRole('button', { name: 'Turn camera off' }).click();
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
  // Then the integer engine (LiteRT.js), the app's default, with a switch of variant: its
  // threaded build (the page is isolated), whose thread workers the CSP must let load.
  await page.goto('/?dev');
  await startCamera(page);
  await expect(page.getByTestId('backend')).toHaveText('int8', { timeout: 40_000 });
  await expect(page.getByTestId('dev-panel')).toContainText('threaded, threads on');
  // Frames on this engine, counted since this load.
  await expect.poll(() => frames(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
  if (other) {
    await select.selectOption(other);
    await expect(select).toBeEnabled({ timeout: 60_000 });
    await expect(page.getByTestId('backend')).toHaveText('int8');
  }

  expect(requests.length).toBeGreaterThan(5);
  // The worker's own fetches are reported too: the .tflite files were requested.
  expect(requests.some((u) => new URL(u).pathname.endsWith('/model.tflite'))).toBe(true);
  const foreign = requests.filter(
    (u) => !u.startsWith(`${BASE_URL}/`) && !u.startsWith('blob:') && !u.startsWith('data:'),
  );
  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});
