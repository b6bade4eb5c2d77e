import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';

/**
 * Cross-origin isolation (COOP + COEP) lets the WASM backend use threads (SharedArrayBuffer).
 * Static hosts must send the same headers (see README).
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [
    react(),
    // The trained models ship with the app (served at /models/), copied as they are.
    viteStaticCopy({ targets: [{ src: 'models', dest: '.' }] }),
  ],
  worker: {
    format: 'es',
    // tfjs-backend-wasm builds its thread workers from a function's source text; the minifier's
    // compression rewrites a guard inside it and the threads fail ("e is not defined").
    // Mangling alone is safe, so the worker bundle is mangled but not compressed.
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  server: { headers: isolation },
  preview: { headers: isolation, host: '127.0.0.1', port: 4173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});
