import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh module each time: the probe keeps its answer for the worker's life. */
const load = () => import('../../../../src/platform/features.ts');

/** An OffscreenCanvas that gives the contexts named, and counts WebGL contexts lost. */
function fakeCanvas(kinds: string[]) {
  const lost = { count: 0 };
  class FakeOffscreenCanvas {
    getContext(kind: string) {
      if (!kinds.includes(kind)) return null;
      const loseContext = () => lost.count++;
      return {
        getExtension: (name: string) => (name === 'WEBGL_lose_context' ? { loseContext } : null),
      };
    }
  }
  return { FakeOffscreenCanvas, lost };
}

describe('probeFeatures', () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it('finds WASM SIMD here (Node 20+), and no canvas, isolation or WebGPU', async () => {
    const { probeFeatures, probeFeaturesWithWebGl } = await load();
    const found = await probeFeatures();
    expect(found).toMatchObject({
      simd: true,
      crossOriginIsolated: false,
      webgpu: false,
      offscreenCanvas: false,
      webgl: null,
    });
    expect((await probeFeaturesWithWebGl()).webgl).toBe('none');
  });

  it('asks for WebGL only when told to, prefers WebGL 2, and gives the context back', async () => {
    const { FakeOffscreenCanvas, lost } = fakeCanvas(['2d', 'webgl2', 'webgl']);
    vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
    vi.stubGlobal('crossOriginIsolated', true);
    const { probeFeatures, probeFeaturesWithWebGl } = await load();
    expect(await probeFeatures()).toMatchObject({
      offscreenCanvas: true,
      crossOriginIsolated: true,
      webgl: null,
    });
    expect(lost.count).toBe(0);
    expect((await probeFeaturesWithWebGl()).webgl).toBe('webgl2');
    expect(lost.count).toBe(1);
    // Once per worker: a second ask creates no context.
    expect((await probeFeaturesWithWebGl()).webgl).toBe('webgl2');
    expect(lost.count).toBe(1);
  });

  it('falls back to WebGL 1, and says none where neither exists', async () => {
    vi.stubGlobal('OffscreenCanvas', fakeCanvas(['2d', 'webgl']).FakeOffscreenCanvas);
    expect((await (await load()).probeFeaturesWithWebGl()).webgl).toBe('webgl');
    vi.resetModules();
    vi.stubGlobal('OffscreenCanvas', fakeCanvas(['2d']).FakeOffscreenCanvas);
    expect((await (await load()).probeFeaturesWithWebGl()).webgl).toBe('none');
  });

  it('sees the WebGPU API without asking for an adapter', async () => {
    const requestAdapter = vi.fn();
    vi.stubGlobal('navigator', { gpu: { requestAdapter } });
    expect((await (await load()).probeFeatures()).webgpu).toBe(true);
    expect(requestAdapter).not.toHaveBeenCalled();
  });
});
