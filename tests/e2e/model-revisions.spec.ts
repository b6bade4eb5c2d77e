/**
 * Model files are cached by content: a variant retrained after a phone saved it reaches that
 * phone with the next version of the app, and the old copy goes. The built app is copied and
 * served by a plain static server; "retraining" swaps the variant's .tflite for other bytes, as
 * a rebuild would ship them (new catalog revision, new precache manifest).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { MODEL_CACHE } from '../../src/sw/names.ts';
import { entryRevision } from '../../tools/build/modelRevisions.ts';
import { endProfile, firstVisit, launchProfile } from './launch.ts';
import { plainHost } from './plainHost.ts';

const PORT = 4182;
/** A non-default variant and one of the same input size whose bytes stand in for a retrain. */
const VARIANT = 'mobilenet_v1_0.25_128';
const RETRAINED_FROM = 'mobilenet_v1_0.5_128';

let site: string;
let context: BrowserContext | null = null;

test.beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'roadgate-revisions-'));
  cpSync(join(process.cwd(), 'dist'), site, { recursive: true });
});
// Declared after the copy above: hooks run in order, so the site exists when it is served.
const ORIGIN = plainHost(PORT, () => site);
test.afterEach(async () => {
  const ended = context;
  context = null;
  await endProfile(ended);
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The variant's .tflite entries in the model cache: their `rev` and the bytes' SHA-256. */
function cachedTflite(page: Page) {
  return page.evaluate(
    async ({ cacheName, variant }) => {
      const cache = await caches.open(cacheName);
      const found: { rev: string | null; sha: string }[] = [];
      for (const key of await cache.keys()) {
        const url = new URL(key.url);
        if (!url.pathname.endsWith(`/${variant}/model.tflite`)) continue;
        const bytes = await (await cache.match(key))!.arrayBuffer();
        const digest = await crypto.subtle.digest('SHA-256', bytes);
        const hex = [...new Uint8Array(digest)]
          .map((b) => b.toString(16).padStart(2, '0'))
          .join('');
        found.push({ rev: url.searchParams.get('rev'), sha: hex });
      }
      return found;
    },
    { cacheName: MODEL_CACHE, variant: VARIANT },
  );
}

async function runVariant(page: Page) {
  await page.getByTestId('variant-select').selectOption(VARIANT);
  await expect(page.getByTestId('variant-select')).toHaveValue(VARIANT, { timeout: 30_000 });
  await expect(page.getByTestId('variant-select')).toBeEnabled({ timeout: 30_000 });
}

test('a retrained variant replaces the saved copy once the new version is in: new bytes served, old ones dropped', async () => {
  test.setTimeout(180_000);
  const profile = await launchProfile(ORIGIN);
  context = profile.context;
  const { page } = profile;
  await firstVisit(page, '/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // On the integer engine (the worker moves to it once idle), a variant is its .tflite.
  await expect(page.getByTestId('backend')).toHaveText(/^int8/, { timeout: 60_000 });
  await runVariant(page);

  const tfliteFile = join(site, 'models', VARIANT, 'model.tflite');
  const catalogFile = join(site, 'models', 'catalog.json');
  const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as {
    variants: {
      id: string;
      path: string;
      revision: string;
      int8?: { path: string; bytes: number };
    }[];
  };
  const entry = catalog.variants.find((v) => v.id === VARIANT)!;
  const before = await cachedTflite(page);
  expect(before).toEqual([{ rev: entry.revision, sha: sha(readFileSync(tfliteFile)) }]);

  // The retrain, shipped as a rebuild would ship it: new bytes, their revision in the catalog,
  // and the catalog's new precache revision in the service worker's manifest.
  const retrained = readFileSync(join(site, 'models', RETRAINED_FROM, 'model.tflite'));
  writeFileSync(tfliteFile, retrained);
  entry.revision = entryRevision(join(site, 'models'), entry);
  entry.int8!.bytes = retrained.length;
  writeFileSync(catalogFile, JSON.stringify(catalog, null, 2));
  const swFile = join(site, 'sw.js');
  const sw = readFileSync(swFile, 'utf8');
  const manifestEntry = /\{"revision":"[0-9a-f]+","url":"models\/catalog\.json"\}/;
  expect(sw).toMatch(manifestEntry);
  writeFileSync(
    swFile,
    sw.replace(
      manifestEntry,
      `{"revision":"${sha(readFileSync(catalogFile)).slice(0, 32)}","url":"models/catalog.json"}`,
    ),
  );

  // Until the new version is in, the saved copy serves: one app version, one set of models. The
  // reload finds the new service worker, which waits for the user's go-ahead.
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveText(/^int8/, { timeout: 60_000 });
  await runVariant(page);
  expect(await cachedTflite(page)).toEqual(before);
  await expect(page.getByTestId('sw-prompt')).toHaveAttribute('data-state', 'update', {
    timeout: 60_000,
  });
  await page.getByTestId('sw-prompt').getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toHaveText(/^int8/, { timeout: 60_000 });
  await runVariant(page);
  await expect
    .poll(() => cachedTflite(page), { timeout: 30_000 })
    .toEqual([{ rev: entry.revision, sha: sha(retrained) }]);
});
