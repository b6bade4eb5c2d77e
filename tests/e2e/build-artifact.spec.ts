/** The built dist/: a service worker whose precache holds the shell, the WASM and the default model. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { headersFile } from '../../src/sw/headers.ts';

const DIST = join(process.cwd(), 'dist');

function precacheUrls(): string[] {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  return [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string);
}

test('the service worker precaches the app shell, manifest, WASM binaries and the default model (both formats), not itself', () => {
  expect(existsSync(join(DIST, 'sw.js'))).toBe(true);
  const urls = precacheUrls();
  expect(urls).toContain('index.html');
  expect(urls).toContain('manifest.webmanifest');
  for (const wasm of ['tfjs-backend-wasm', 'tfjs-backend-wasm-simd']) {
    expect(urls.some((u) => new RegExp(`^assets/${wasm}-[\\w-]+\\.wasm$`).test(u))).toBe(true);
  }
  // TF.js runs single-threaded: its threaded build is never loaded, so not precached.
  expect(urls.filter((u) => u.includes('tfjs-backend-wasm-threaded'))).toEqual([]);
  expect(urls.some((u) => /^assets\/worker-.*\.js$/.test(u))).toBe(true);
  // The integer engine: LiteRT.js's glue for each build, but none of its three 9 MB WASM builds
  // (the worker caches the one the device runs); MediaPipe is no longer part of the app.
  for (const build of [
    'litert_wasm_internal',
    'litert_wasm_compat_internal',
    'litert_wasm_threaded_internal',
  ]) {
    expect(
      urls.some((u) => new RegExp(`^assets/${build}-[\\w-]+\\.js$`).test(u)),
      build,
    ).toBe(true);
    expect(
      existsSync(join(DIST, 'assets')) &&
        readdirSync(join(DIST, 'assets')).some((f) => f.startsWith(build) && f.endsWith('.wasm')),
    ).toBe(true);
  }
  expect(urls.filter((u) => u.endsWith('.wasm') && u.includes('litert'))).toEqual([]);
  expect(urls.filter((u) => u.includes('vision_wasm'))).toEqual([]);

  const catalog = JSON.parse(readFileSync(join(DIST, 'models', 'catalog.json'), 'utf8'));
  const modelJson = JSON.parse(
    readFileSync(join(DIST, 'models', catalog.default, 'model.json'), 'utf8'),
  );
  const entry = catalog.variants.find((v: { id: string }) => v.id === catalog.default);
  expect(entry.int8?.path).toBe(`${catalog.default}/model.tflite`);
  const modelFiles = [
    'model.json',
    'model.tflite',
    ...modelJson.weightsManifest.flatMap((g: { paths: string[] }) => g.paths),
  ];
  expect(urls).toContain('models/catalog.json');
  for (const f of modelFiles) expect(urls).toContain(`models/${catalog.default}/${f}`);
  // Only the default variant is precached; the others are cached when first used.
  expect(
    urls.filter((u) => u.startsWith('models/') && !u.startsWith(`models/${catalog.default}/`)),
  ).toEqual(['models/catalog.json']);
  // Teach mode works offline (its worker is precached); its feature sets are fetched only when
  // it opens, never on a first visit.
  expect(urls.some((u) => /^assets\/teachWorker-[\w-]+\.js$/.test(u))).toBe(true);
  expect(urls.filter((u) => /(check|anchor)\.json$/.test(u))).toEqual([]);
  expect(urls.filter((u) => /(^|\/)sw\.js$/.test(u))).toEqual([]);
});

test('the manifest installs like a native app: id, icons at 192 and 512, a maskable one, standalone, any orientation, screenshots, a shortcut', async () => {
  const m = JSON.parse(readFileSync(join(DIST, 'manifest.webmanifest'), 'utf8'));
  expect(m).toMatchObject({
    name: 'Roadgate',
    short_name: 'Roadgate',
    id: '.',
    display: 'standalone',
    orientation: 'any',
    start_url: '.',
    scope: '.',
  });
  expect(m.description).toBeTruthy();
  expect(m.theme_color).toMatch(/^#/);
  expect(m.background_color).toMatch(/^#/);
  const sizes = m.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(m.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
  for (const icon of m.icons) expect(existsSync(join(DIST, icon.src))).toBe(true);
  // Chrome's richer install sheet: a narrow and a wide screenshot whose files have the sizes said.
  expect(m.screenshots.map((s: { form_factor: string }) => s.form_factor).sort()).toEqual([
    'narrow',
    'wide',
  ]);
  for (const shot of m.screenshots as { src: string; sizes: string }[]) {
    const meta = await sharp(join(DIST, shot.src)).metadata();
    expect(`${meta.width}x${meta.height}`, shot.src).toBe(shot.sizes);
  }
  expect(m.shortcuts).toEqual([expect.objectContaining({ url: './?dev' })]);
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  expect(html).toMatch(/<link rel="apple-touch-icon"[^>]*href="\/?apple-touch-icon-180x180\.png"/);
  expect(html).toContain('apple-mobile-web-app-capable');
  // One theme colour, the manifest's.
  const themes = [...html.matchAll(/<meta name="theme-color" content="([^"]+)"/g)].map((x) => x[1]);
  expect(themes).toEqual([m.theme_color]);
});

test('robots.txt is a robots file, and dist/_headers holds the hosting headers for hosts that read it', () => {
  expect(readFileSync(join(DIST, 'robots.txt'), 'utf8')).toMatch(/^User-agent: \*/);
  expect(readFileSync(join(DIST, '_headers'), 'utf8')).toBe(headersFile());
});

test('the page carries a Content-Security-Policy that allows only its own origin', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const csp = (
    /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
  ).replaceAll('&#39;', "'");
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
  expect(directives['worker-src']).toEqual(["'self'", 'blob:']);
  expect(directives['connect-src']).toEqual(["'self'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  // No other origin appears anywhere in the policy.
  expect(csp).not.toMatch(/https?:|\*/);
});
