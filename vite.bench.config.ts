/**
 * Builds the harness page (tools/harness/: index.html, page.ts) with the app's worker settings,
 * into dist-bench/.
 */
import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import base from './vite.config.ts';

export default defineConfig({
  root: 'tools/harness',
  publicDir: false,
  plugins: [
    viteStaticCopy({
      targets: [
        { src: '../../models', dest: '.' },
        // MediaPipe's WASM, served by the harness itself (the bench never reaches a CDN).
        // Flat (no `rename`): the plugin's `stripBase` counts the `../` segments too and wrote
        // these files outside the output folder.
        { src: '../../node_modules/@mediapipe/tasks-vision/wasm/*', dest: 'mediapipe-wasm' },
      ],
    }),
  ],
  worker: base.worker,
  // Not minified: the page itself starts TF.js's WASM threads for the matMul calibration (see
  // the worker note in vite.config.ts).
  build: { outDir: '../../dist-bench', emptyOutDir: true, target: 'es2022', minify: false },
  preview: { host: '127.0.0.1', strictPort: true },
});
