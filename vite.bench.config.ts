/** Builds the benchmark harness (bench/) with the app's worker settings, into dist-bench/. */
import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import base from './vite.config.ts';

export default defineConfig({
  root: 'bench',
  publicDir: false,
  plugins: [
    viteStaticCopy({
      targets: [
        { src: '../models', dest: '.' },
        // MediaPipe's WASM, served by the harness itself (the bench never reaches a CDN).
        {
          src: '../node_modules/@mediapipe/tasks-vision/wasm/*',
          dest: 'mediapipe-wasm',
          rename: { stripBase: true },
        },
      ],
    }),
  ],
  worker: base.worker,
  build: { outDir: '../dist-bench', emptyOutDir: true, target: 'es2022' },
  preview: { host: '127.0.0.1', strictPort: true },
});
