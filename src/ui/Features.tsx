import { Fragment } from 'react';
import type { Features } from '../platform/features.ts';

/** The rows shown, in the order the engines depend on them. */
const ROWS: readonly [keyof Features, string][] = [
  ['simd', 'WASM SIMD'],
  ['relaxedSimd', 'WASM relaxed SIMD'],
  ['threads', 'WASM threads'],
  ['crossOriginIsolated', 'Cross-origin isolated'],
  ['jspi', 'WASM JSPI'],
  ['webgpu', 'WebGPU API'],
  ['offscreenCanvas', 'OffscreenCanvas 2D'],
  ['webgl', 'WebGL on OffscreenCanvas'],
  ['webglRenderer', 'WebGL renderer'],
];

/** `relaxedSimd` -> `data-relaxed-simd`. */
const dataName = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * A feature's value for its `data-` attribute; `unprobed`: WebGL (and its renderer), before TF.js
 * needed it; `unnamed`: a WebGL whose renderer the browser does not name, or no WebGL at all.
 */
function dataValue(key: keyof Features, features: Features): string {
  const value = features[key];
  if (value !== null) return String(value);
  return features.webgl === null ? 'unprobed' : 'unnamed';
}

function describe(key: keyof Features, features: Features): string {
  const value = features[key];
  if (value === null) {
    if (features.webgl === null) return 'not probed (only TF.js uses it)';
    return features.webgl === 'none' ? 'no WebGL' : 'not named by this browser';
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/**
 * What the inference worker found this browser can do (developer panel): the features the
 * engine and its build were chosen by. One `data-` attribute per feature for outside checks.
 */
export function FeatureList({ features }: { features: Features | undefined }) {
  if (!features) return null;
  const data = Object.fromEntries(ROWS.map(([key]) => [dataName(key), dataValue(key, features)]));
  return (
    <dl data-testid="dev-features" aria-label="Browser features the engine was chosen by" {...data}>
      {ROWS.map(([key, label]) => (
        <Fragment key={key}>
          <dt>{label}</dt>
          <dd>{describe(key, features)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
