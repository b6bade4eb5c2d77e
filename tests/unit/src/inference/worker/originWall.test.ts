import { describe, expect, it } from 'vitest';
import { staysHome } from '../../../../../src/inference/worker/originWall.ts';

describe('the worker origin wall', () => {
  const base = 'https://roadgate.example/app/assets/worker-abc.js';
  it('lets the own origin, relative URLs and local schemes through', () => {
    for (const url of [
      '/models/x/model.tflite',
      'vision.wasm',
      'https://roadgate.example/a',
      'blob:https://roadgate.example/1',
      'data:application/octet-stream;base64,AA==',
    ]) {
      expect(staysHome(url, base), url).toBe(true);
    }
  });
  it('stops every other origin, port or scheme', () => {
    for (const url of [
      'https://odml.pa.googleapis.com/v1/log',
      '//evil.example/x',
      'http://roadgate.example/a',
      'https://roadgate.example:8443/a',
      'wss://roadgate.example.evil.example/',
    ]) {
      expect(staysHome(url, base), url).toBe(false);
    }
  });
});
