import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { VitePWA } from 'vite-plugin-pwa';
import { withRevisions } from './tools/build/modelRevisions.ts';
import {
  CONTENT_SECURITY_POLICY,
  headersFile,
  HOSTING_HEADERS,
  ISOLATION_HEADERS,
} from './src/sw/headers.ts';

/**
 * The CSP as a <meta> in the built page too, for static hosts that send no headers. Without
 * `frame-ancestors`, which a <meta> policy cannot carry (src/sw/headers.ts).
 */
const cspMeta = (): Plugin => ({
  name: 'roadgate-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    },
  ],
});

/**
 * `dist/_headers` for hosts that read one (Netlify, Cloudflare Pages): the headers without a
 * server to configure. Hosts that read none (GitHub Pages) get them from the service worker.
 */
const hostingHeadersFile = (): Plugin => ({
  name: 'roadgate-headers-file',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
  },
});

/** The default variant's files are precached; other variants are cached when first used. */
const defaultModel = (
  JSON.parse(readFileSync('models/catalog.json', 'utf8')) as { default: string }
).default;

export default defineConfig({
  plugins: [
    react(),
    cspMeta(),
    hostingHeadersFile(),
    // The trained models ship with the app (served at /models/), copied as they are, and the
    // catalog with a content revision on each variant (tools/build/modelRevisions.ts).
    viteStaticCopy({
      targets: [
        { src: ['models/*', '!models/catalog.json'], dest: 'models' },
        {
          src: 'models/catalog.json',
          dest: 'models',
          transform: (text) => withRevisions(text, 'models'),
        },
      ],
    }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      pwaAssets: { image: 'public/logo.svg', preset: 'minimal-2023', overrideManifestIcons: true },
      manifest: {
        name: 'Roadgate',
        short_name: 'Roadgate',
        description:
          'Keeps a windshield camera on only while it sees a road. Everything runs on the phone.',
        // A stable identity: the installed app stays the same app if start_url ever changes.
        id: '.',
        display: 'standalone',
        // Windshield mounts hold the phone in landscape as often as in portrait.
        orientation: 'any',
        // The one theme colour: vite-plugin-pwa's assets put it in the page's <meta> too.
        theme_color: '#0f1419',
        background_color: '#0f1419',
        start_url: '.',
        scope: '.',
        categories: ['navigation', 'utilities'],
        shortcuts: [
          {
            name: 'Developer panel',
            short_name: 'Developer',
            description: 'Variant, engine, latency and the gate, live.',
            url: './?dev',
          },
        ],
        // Chrome's richer install sheet shows these; made by `npm run screenshots`.
        screenshots: [
          {
            src: 'screenshots/narrow.jpg',
            sizes: '780x1688',
            type: 'image/jpeg',
            form_factor: 'narrow',
            label: 'Roadgate on a phone in portrait: the road is in view, the camera stays on.',
          },
          {
            src: 'screenshots/wide.jpg',
            sizes: '1688x780',
            type: 'image/jpeg',
            form_factor: 'wide',
            label: 'Roadgate in landscape, as on a windshield mount.',
          },
        ],
      },
      injectManifest: {
        globPatterns: [
          // manifest.webmanifest is added by the plugin itself.
          '**/*.{js,css,html,wasm,svg,png,ico}',
          'models/catalog.json',
          `models/${defaultModel}/*.{json,bin,tflite}`,
        ],
        // Reports are for people at a desk, not for the phone.
        globIgnores: [
          '**/report.json',
          '**/meta.json',
          'models/**/*.html',
          // Teach mode's feature sets: fetched when teach mode first opens, not on a first visit.
          'models/*/check.json',
          'models/*/anchor.json',
          // The integer engine's runtime: three builds of 9.4 MB (2.8 MB gzipped) each, of which a
          // device runs one. The worker caches that one when it first loads it (ENGINE_CACHE).
          'assets/litert_wasm_*.wasm',
          // TF.js's threaded WASM build: TF.js runs single-threaded (backends.ts says why).
          'assets/tfjs-backend-wasm-threaded-simd-*.wasm',
          // The install sheet's screenshots are fetched by the browser when it offers the install.
          'screenshots/**',
        ],
        // Workbox skips files over 2 MiB by default; the worker bundle is close to it (TF.js)
        // and model shards are up to 1 MiB: the limit is set above the largest on purpose.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: {
    format: 'es',
    // tfjs-backend-wasm builds its thread workers from a function's source text; the minifier's
    // compression rewrites a guard inside it and the threads fail ("e is not defined").
    // Mangling alone is safe, so the worker bundle is mangled but not compressed.
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  // The dev server only isolates: its HMR client and React's refresh preamble break the CSP.
  server: { headers: ISOLATION_HEADERS },
  // Served as a host should serve dist/ (README, "Any static HTTPS host").
  preview: {
    headers: HOSTING_HEADERS,
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  build: {
    target: 'es2022',
    // Source maps would publish the whole source beside the app; SOURCEMAP=1 builds them for a
    // debugging session (they are never precached: the glob patterns above skip *.map).
    sourcemap: process.env.SOURCEMAP === '1',
  },
});
