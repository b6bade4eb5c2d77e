/**
 * The per-device choice (ARCHITECTURE.md, Per-device choice), as a first-time user meets it: the
 * app sits idle, times what is saved on each engine, picks by the frame budget and validation
 * accuracy, remembers it, and a later launch starts on it. Nothing the user did not ask for is
 * fetched. The rule itself has table tests (tests/unit/src/fit/choose.test.ts); here the app must
 * apply it to what it measured.
 */
import { expect, test, type Page } from '@playwright/test';
import { choose, FRAME_BUDGET_MS, worthOffering, type Timing } from '../../src/fit/choose.ts';
import { FIT_STORAGE_KEY } from '../../src/fit/remembered.ts';
import { parseCatalog, type Catalog } from '../../src/models/catalog.ts';
import { syntheticClip } from './launch.ts';
import { browserPerTest, ready } from './steps.ts';

const { start } = browserPerTest();

/** A device on its first run: no model chosen for it yet. */
const open = async (query: string) => {
  const page = await start(syntheticClip(), { device: 'fresh' });
  await page.goto(query);
  return page;
};

interface Row {
  variant: string;
  backend: string;
  ms: number | null;
  chosen: boolean;
}

const fit = (page: Page) => page.getByTestId('device-fit');

/** The timings table of the developer panel. */
const rows = (page: Page): Promise<Row[]> =>
  page.getByTestId('device-fit-timing').evaluateAll((trs) =>
    trs.map((tr) => {
      const d = (tr as HTMLElement).dataset;
      return {
        variant: d.variant ?? '',
        backend: d.backend ?? '',
        ms: d.ms ? Number(d.ms) : null,
        chosen: d.chosen === 'true',
      };
    }),
  );

/** A small variant, opened by URL on the first visit: saved beside the precached default. */
const SMALL = 'mobilenet_v1_0.25_128';

test('a first run times the saved models while idle, keeps the choice, and the next launch starts on it', async () => {
  const page = await open(`/?dev&variant=${SMALL}`);
  const fetched: string[] = [];
  page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await ready(page);
  const catalog: Catalog = parseCatalog(
    await (await page.request.get('/models/catalog.json')).json(),
    new URL('/models/catalog.json', page.url()).href,
  );
  await expect(fit(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(fit(page)).toHaveAttribute('data-budget-ms', String(FRAME_BUDGET_MS));
  await expect(fit(page)).toHaveAttribute('data-kept', 'true');

  // Timed: the precached default on every engine (int8 and WASM run here; WebGL and WebGPU may
  // not, and then say why), and the running variant at least on the engine it runs on (its file has just come;
  // on a first visit the service worker does not control the page yet, so nothing more is saved).
  const timed = await rows(page);
  const pairs = timed.map((r) => `${r.variant}/${r.backend}`);
  expect(new Set(timed.map((r) => r.variant))).toEqual(new Set([catalog.default, SMALL]));
  expect(pairs).toEqual(
    expect.arrayContaining(['int8', 'wasm', 'webgl'].map((b) => `${catalog.default}/${b}`)),
  );
  expect(pairs).toContain(`${SMALL}/int8`);
  // The GPU engines may not run here (no GPU: WebGPU gives no adapter); the CPU ones do.
  for (const r of timed.filter((t) => t.backend === 'int8' || t.backend === 'wasm'))
    expect(r.ms, r.backend).toBeGreaterThan(0);
  // The choice is the rule applied to those timings; the URL's variant keeps running meanwhile.
  const timings = timed.map((r): Timing =>
    r.ms === null
      ? { variant: r.variant, backend: r.backend as Timing['backend'], error: 'cannot run' }
      : { variant: r.variant, backend: r.backend as Timing['backend'], ms: r.ms },
  );
  const expected = choose(catalog, timings);
  expect(expected).not.toBeNull();
  await expect(fit(page)).toHaveAttribute('data-variant', expected?.variant ?? '');
  await expect(fit(page)).toHaveAttribute('data-backend', expected?.backend ?? '');
  await expect(page.getByTestId('variant-select')).toHaveValue(SMALL);
  const kept = await page.evaluate((key) => localStorage.getItem(key), FIT_STORAGE_KEY);
  expect(JSON.parse(kept ?? '{}')).toMatchObject({ choice: expected });

  // Better models are offered, not fetched: no other variant's file was asked for.
  const both = { int8: true, tfjs: true };
  const saved = new Map([
    [catalog.default, both],
    [SMALL, { int8: true, tfjs: pairs.includes(`${SMALL}/wasm`) }],
  ]);
  const offer = expected ? worthOffering(catalog, saved, expected) : [];
  if (offer.length > 0) {
    await expect(page.getByTestId('device-fit-offer')).toHaveAttribute(
      'data-count',
      String(offer.length),
    );
  } else await expect(page.getByTestId('device-fit-offer')).toHaveCount(0);
  const others = catalog.variants
    .filter((v) => v.id !== catalog.default && v.id !== SMALL)
    .map((v) => `/models/${v.id}/`);
  expect(fetched.filter((p) => others.some((o) => p.startsWith(o)))).toEqual([]);

  // The next launch (no variant in the URL) starts on the choice, and does not time again.
  await page.goto('/?dev');
  await ready(page);
  await expect(fit(page)).toHaveAttribute('data-source', 'remembered');
  await expect(page.getByTestId('variant-select')).toHaveValue(expected?.variant ?? '');
  await expect(page.getByTestId('backend')).toHaveText(expected?.backend ?? '');
  // A must-not-happen wait: past the idle delay a timing would have started ('timing', then
  // 'timed'); the remembered choice stands.
  await page.waitForTimeout(5_000);
  await expect(fit(page)).toHaveAttribute('data-state', 'done');
  await expect(fit(page)).toHaveAttribute('data-source', 'remembered');
});
