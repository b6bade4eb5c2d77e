/** What happens around the happy path: hidden tab, camera ended by the OS, model load failure, backend fallback. */
import { expect, test } from '@playwright/test';
import { softwareWebGl } from '../../src/platform/fallbacks.ts';
import { endSession, launch, liveTracks, syntheticClip, type Session } from './launch.ts';

let session: Session | null = null;
test.afterEach(async () => {
  const ended = session;
  session = null;
  await endSession(ended);
});

async function running(query = '?dev&backend=wasm', extraArgs: string[] = []) {
  session = await launch(syntheticClip(), { extraArgs });
  const { page } = session;
  await page.goto(`/${query}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  return page;
}

const setVisibility = (hidden: boolean) => {
  Object.defineProperty(document, 'visibilityState', {
    value: hidden ? 'hidden' : 'visible',
    configurable: true,
  });
  document.dispatchEvent(new Event('visibilitychange'));
};

test('a hidden tab releases the camera and a visible one resumes it', async () => {
  const page = await running();
  await page.evaluate(setVisibility, true);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
  expect(await liveTracks(page)).toBe(0);
  await page.evaluate(setVisibility, false);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  expect(await liveTracks(page)).toBe(1);
});

test('a camera ended by the system shows an error, and Retry starts it again', async () => {
  const page = await running();
  await page.evaluate(() => {
    for (const s of (window as unknown as { __streams: MediaStream[] }).__streams) {
      for (const t of s.getTracks()) {
        t.stop();
        t.dispatchEvent(new Event('ended'));
      }
    }
  });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('error')).toContainText(/camera was stopped/i);
  await page.getByTestId('retry').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
});

test('a model that fails to load says which file, and Retry recovers', async () => {
  session = await launch(syntheticClip());
  const { page } = session;
  let fail = true;
  await page.route(/\/models\/[^/]+\/model\.(json|tflite)(\?.*)?$/, (route) =>
    fail ? route.fulfill({ status: 404, body: 'missing' }) : route.continue(),
  );
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toContainText(/model\.json/);
  fail = false;
  await page.getByTestId('retry').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
});

test('a model without its .tflite runs on TF.js, and the panel says why', async () => {
  session = await launch(syntheticClip());
  const { page } = session;
  await page.route(/\/models\/[^/]+\/model\.tflite(\?.*)?$/, (route) =>
    route.fulfill({ status: 404, body: 'missing' }),
  );
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toHaveText(/^(webgl|wasm)$/);
  // Tried once TF.js runs (after the first frame, or 10 s without one).
  await expect(page.getByTestId('dev-panel')).toContainText(
    /not int8: \S+model\.tflite could not be fetched \(HTTP 404\)/,
    { timeout: 40_000 },
  );
  // WebGL drawn on the CPU (headless Chromium's SwiftShader) is tried only after WASM.
  const renderer = await page.getByTestId('dev-features').getAttribute('data-webgl-renderer');
  expect(renderer).not.toBe('unprobed');
  if (softwareWebGl(renderer)) {
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    await expect(page.getByTestId('dev-panel')).toContainText(
      `not webgl: drawn on the CPU by ${renderer}`,
    );
  }
});

test('without WebGL the integer engine still runs: it needs none', async () => {
  const page = await running('?dev', ['--disable-gpu', '--disable-software-rasterizer']);
  // A fresh profile starts on TF.js and moves once the runtime has arrived.
  await expect(page.getByTestId('backend')).toHaveText('int8', { timeout: 40_000 });
  await expect(page.getByTestId('dev-panel')).not.toContainText('not int8');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
  // Found by TF.js's probe on the way (tfBackendPlan passed WebGL over untried).
  await expect(page.getByTestId('dev-features')).toHaveAttribute('data-webgl', 'none');
});

test('an explicit backend that cannot run puts the app in the error state', async () => {
  session = await launch(syntheticClip(), {
    extraArgs: ['--disable-gpu', '--disable-software-rasterizer'],
  });
  const { page } = session;
  await page.goto('/?backend=webgl');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toContainText(/No way to run the model works/);
});

test('?backend=webgpu runs on WebGPU where the browser gives a GPU adapter, else says why', async () => {
  session = await launch(syntheticClip());
  const { page } = session;
  await page.goto('/?dev&backend=webgpu');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', /^(ready|error)$/, {
    timeout: 60_000,
  });
  if ((await page.getByTestId('app').getAttribute('data-state')) === 'ready') {
    await expect(page.getByTestId('backend')).toHaveText('webgpu');
  } else {
    await expect(page.getByTestId('error')).toContainText(
      /webgpu: the browser gives no GPU adapter/,
    );
  }
});
