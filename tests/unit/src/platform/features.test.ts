import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh module each time: the probe keeps its answer for the worker's life. */
const load = () => import('../../../../src/platform/features.ts');

/** WebGL's RENDERER enum, and WEBGL_debug_renderer_info's unmasked one. */
const RENDERER = 0x1f01;
const UNMASKED_RENDERER_WEBGL = 0x9246;

/**
 * An OffscreenCanvas that gives the contexts named, and counts WebGL contexts lost; `renderer`:
 * what RENDERER says, `unmasked`: what the debug extension says (no extension where undefined).
 */
function fakeCanvas(kinds: string[], renderer = 'WebKit WebGL', unmasked?: string) {
  const lost = { count: 0 };
  const asked: string[] = [];
  class FakeOffscreenCanvas {
    getContext(kind: string) {
      if (!kinds.includes(kind)) return null;
      const loseContext = () => lost.count++;
      const extensions: Record<string, object> = { WEBGL_lose_context: { loseContext } };
      if (unmasked !== undefined)
        extensions.WEBGL_debug_renderer_info = { UNMASKED_RENDERER_WEBGL };
      return {
        RENDERER,
        getExtension: (name: string) => {
          asked.push(name);
          return extensions[name] ?? null;
        },
        getParameter: (p: number) =>
          p === RENDERER ? renderer : p === UNMASKED_RENDERER_WEBGL ? unmasked : null,
      };
    }
  }
  return { FakeOffscreenCanvas, lost, asked };
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
      webglRenderer: null,
    });
    expect(await probeFeaturesWithWebGl()).toMatchObject({ webgl: 'none', webglRenderer: null });
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

  it("names the renderer: the unmasked one where RENDERER says only 'WebKit WebGL'", async () => {
    const swiftShader =
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)';
    const chromium = fakeCanvas(['2d', 'webgl2'], 'WebKit WebGL', swiftShader);
    vi.stubGlobal('OffscreenCanvas', chromium.FakeOffscreenCanvas);
    expect(await (await load()).probeFeaturesWithWebGl()).toMatchObject({
      webgl: 'webgl2',
      webglRenderer: swiftShader,
    });
    expect(chromium.lost.count).toBe(1);
    vi.resetModules();
    // Firefox: a sanitised name in RENDERER, and its deprecated debug extension is not asked for.
    const firefox = fakeCanvas(['2d', 'webgl2'], 'llvmpipe, or similar', 'llvmpipe (LLVM 15.0.6)');
    vi.stubGlobal('OffscreenCanvas', firefox.FakeOffscreenCanvas);
    expect((await (await load()).probeFeaturesWithWebGl()).webglRenderer).toBe(
      'llvmpipe, or similar',
    );
    expect(firefox.asked).not.toContain('WEBGL_debug_renderer_info');
    vi.resetModules();
    // A browser that names none.
    vi.stubGlobal('OffscreenCanvas', fakeCanvas(['2d', 'webgl2']).FakeOffscreenCanvas);
    expect((await (await load()).probeFeaturesWithWebGl()).webglRenderer).toBeNull();
  });

  it('sees the WebGPU API without asking for an adapter', async () => {
    const requestAdapter = vi.fn();
    vi.stubGlobal('navigator', { gpu: { requestAdapter } });
    expect((await (await load()).probeFeatures()).webgpu).toBe(true);
    expect(requestAdapter).not.toHaveBeenCalled();
  });
});
