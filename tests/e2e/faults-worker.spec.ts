/**
 * Worker and model faults injected into the built app: the inference worker dies or its script
 * does not load, a model file hangs or is damaged. Each test checks that the camera never runs
 * unclassified (ARCHITECTURE.md, Camera invariant) and that there is a way out.
 */
import { expect, test } from '@playwright/test';
import { roadClip } from '../../tools/harness/y4m.ts';
import { expectInvariant } from './launch.ts';
import { browserPerTest, classifying, running } from './steps.ts';

/** The worker bundle Vite emits: `assets/worker-<hash>.js`. */
const WORKER_SCRIPT = /\/assets\/worker-[^/]+\.js$/;

const { start, open } = browserPerTest();

test('the inference worker dies: the camera goes off at once, a new worker takes over, and the camera comes back', async () => {
  // A clip read as road: the camera is on because the app keeps it on, not yet turned off by the
  // gate, when the worker dies.
  const page = await open('/?dev', roadClip());
  await running(page);
  await classifying(page);
  const worker = page.workers().find((w) => WORKER_SCRIPT.test(w.url()));
  expect(worker, 'the inference worker').toBeDefined();
  await worker?.evaluate(() => self.close());
  // The stuck frame is noticed within the watchdog's frame timeout (4 s).
  // 4 s of frame timeout, the watchdog's 1 s tick, a render, on a busy 2-core machine.
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', { timeout: 8_000 });
  await expectInvariant(page);
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'running', {
    timeout: 30_000,
  });
  await expect(page.getByText(/classifier stopped .* was restarted/)).toBeVisible();
  await classifying(page);
});

test('a worker script that fails to load: an error with Retry, and Retry starts a new worker', async () => {
  const page = await start();
  let broken = true;
  await page.route(WORKER_SCRIPT, (route) =>
    broken ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue(),
  );
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(page.getByTestId('error')).toContainText(/classifier stopped/);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
  broken = false;
  await page.getByTestId('retry').click();
  await running(page);
  await classifying(page);
});

test('a .tflite that never answers: the app falls back to TF.js and says why', async () => {
  test.setTimeout(120_000);
  const page = await start();
  // Never fulfilled: the request hangs as on a dead connection.
  await page.route(/\/models\/[^/]+\/model\.tflite(\?.*)?$/, () => undefined);
  await page.goto('/?dev');
  await running(page);
  await classifying(page);
  await expect(page.getByTestId('dev-panel')).toContainText(
    /not int8: \S+model\.tflite did not answer within 15 s/,
    { timeout: 40_000 },
  );
  await expect(page.getByTestId('backend')).toHaveText(/^(webgl|wasm|cpu)$/);
  await expect(page.getByTestId('app')).not.toHaveAttribute('data-state', 'error');
});

test('no model file answers: an error naming the file, and Retry loads once the host answers', async () => {
  test.setTimeout(120_000);
  const page = await start();
  let hang = true;
  await page.route(/\/models\/[^/]+\/(model\.(json|tflite)|[^/]+\.bin)(\?.*)?$/, (route) =>
    hang ? undefined : route.continue(),
  );
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toContainText(/model\.json did not answer within 15 s/);
  hang = false;
  await page.getByTestId('retry').click();
  await running(page);
});

test('the default model is damaged: the error says so, and another model can be picked', async () => {
  const page = await start();
  const catalog = await (await page.request.get('/models/catalog.json')).json();
  const broken = catalog.default as string;
  await page.route(new RegExp(`/models/${broken.replace(/\./g, '\\.')}/`), (route) =>
    route.fulfill({ status: 200, body: 'this is not a model' }),
  );
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toContainText(/model\.json is damaged/);
  await expect(page.getByTestId('variant-select')).toBeEnabled();
  const other = (catalog.variants as { id: string }[]).find((v) => v.id !== broken)?.id as string;
  await page.getByTestId('model-picker').selectOption(other);
  await running(page);
  await expect(page.getByTestId('variant-select')).toHaveValue(other);
  await classifying(page);
});
