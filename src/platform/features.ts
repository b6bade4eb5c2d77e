/**
 * What this browser can do, found by trying it, never by its name: a WebAssembly module that uses
 * the feature must validate (GoogleChromeLabs' wasm-feature-detect), an API must be there. Runs
 * in the inference worker, whose features are the ones the engines need; lib-neutral, so the page
 * and the tests compile it too.
 */
import { jspi, relaxedSimd, simd, threads } from 'wasm-feature-detect';

/** WebGL on an OffscreenCanvas, as TF.js's webgl backend would get it. */
export type WebGlSupport = 'webgl2' | 'webgl' | 'none';

export interface Features {
  /** WASM fixed-width SIMD (v128): every LiteRT.js build needs it. */
  simd: boolean;
  /** WASM relaxed SIMD: LiteRT.js's fast and threaded builds need it. */
  relaxedSimd: boolean;
  /** WASM threads: shared memory validates and a SharedArrayBuffer can be posted. */
  threads: boolean;
  /** COOP + COEP in force: without it there is no SharedArrayBuffer, so no threads. */
  crossOriginIsolated: boolean;
  /** JS Promise Integration (`WebAssembly.Suspending`); no engine here uses it yet. */
  jspi: boolean;
  /**
   * `navigator.gpu` is there. No adapter is asked for here: that wakes the GPU. TF.js's WebGPU
   * backend asks only when a load wants it (the per-device choice timing it, or `?backend=`).
   */
  webgpu: boolean;
  /** OffscreenCanvas with a 2D context: both engines read a frame's pixels through one. */
  offscreenCanvas: boolean;
  /**
   * WebGL on an OffscreenCanvas; null until TF.js is about to start, the only engine that uses
   * it (asking creates a GL context, which the integer engine never needs).
   */
  webgl: WebGlSupport | null;
  /**
   * What draws that WebGL: the renderer's name (the unmasked one where the browser gives it), null
   * until probed or where it names none. A software renderer is told apart by it (`fallbacks.ts`).
   */
  webglRenderer: string | null;
}

const scope = globalThis as typeof globalThis & { crossOriginIsolated?: boolean };

type WebGlFound = Pick<Features, 'webgl' | 'webglRenderer'>;

let wasm: Promise<Omit<Features, keyof WebGlFound>> | null = null;
let webglFound: WebGlFound | null = null;

/** The features, probed once per worker (none of them changes while it lives). */
export async function probeFeatures(): Promise<Features> {
  wasm ??= probeOnce();
  return { ...(await wasm), ...(webglFound ?? { webgl: null, webglRenderer: null }) };
}

/** Probes WebGL on an OffscreenCanvas (once) and returns every feature with it. */
export async function probeFeaturesWithWebGl(): Promise<Features> {
  webglFound ??= probeWebGl();
  return probeFeatures();
}

async function probeOnce(): Promise<Omit<Features, keyof WebGlFound>> {
  const [hasSimd, hasRelaxed, hasThreads, hasJspi] = await Promise.all([
    simd(),
    relaxedSimd(),
    threads(),
    jspi(),
  ]);
  return {
    simd: hasSimd,
    relaxedSimd: hasRelaxed,
    threads: hasThreads,
    crossOriginIsolated: scope.crossOriginIsolated === true,
    jspi: hasJspi,
    webgpu: typeof navigator !== 'undefined' && 'gpu' in navigator,
    offscreenCanvas: hasOffscreen2d(),
  };
}

function hasOffscreen2d(): boolean {
  if (typeof OffscreenCanvas === 'undefined') return false;
  try {
    return new OffscreenCanvas(1, 1).getContext('2d') !== null;
  } catch {
    return false;
  }
}

function probeWebGl(): WebGlFound {
  const none: WebGlFound = { webgl: 'none', webglRenderer: null };
  if (typeof OffscreenCanvas === 'undefined') return none;
  const contexts: [WebGlSupport, () => WebGLRenderingContextBase | null][] = [
    ['webgl2', () => new OffscreenCanvas(1, 1).getContext('webgl2')],
    ['webgl', () => new OffscreenCanvas(1, 1).getContext('webgl')],
  ];
  for (const [kind, context] of contexts) {
    try {
      const gl = context();
      if (gl) {
        const webglRenderer = rendererOf(gl);
        // Give the context back now: browsers keep only a few alive, and TF.js makes its own.
        gl.getExtension('WEBGL_lose_context')?.loseContext();
        return { webgl: kind, webglRenderer };
      }
    } catch {
      // This kind is not there: try the next.
    }
  }
  return none;
}

/**
 * The renderer's name. Firefox puts a sanitised one in `RENDERER` (and warns that
 * WEBGL_debug_renderer_info is deprecated); Chromium and Safari say "WebKit WebGL" there and give
 * the real one only through that extension, so it is asked only then.
 */
function rendererOf(gl: WebGLRenderingContextBase): string | null {
  try {
    let name: unknown = gl.getParameter(gl.RENDERER);
    if (name === 'WebKit WebGL') {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : null;
    }
    return typeof name === 'string' && name !== '' ? name : null;
  } catch {
    return null;
  }
}
