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
];

/** `relaxedSimd` -> `data-relaxed-simd`. */
const dataName = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** A feature's value for its `data-` attribute; `unprobed`: WebGL, before TF.js needed it. */
const dataValue = (value: Features[keyof Features]) =>
  value === null ? 'unprobed' : String(value);

function describe(value: Features[keyof Features]): string {
  if (value === null) return 'not probed (only TF.js uses it)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/**
 * What the inference worker found this browser can do (developer panel): the features the
 * engine and its build were chosen by. One `data-` attribute per feature for outside checks.
 */
export function FeatureList({ features }: { features: Features | undefined }) {
  if (!features) return null;
  const data = Object.fromEntries(ROWS.map(([key]) => [dataName(key), dataValue(features[key])]));
  return (
    <dl data-testid="dev-features" aria-label="Browser features the engine was chosen by" {...data}>
      {ROWS.map(([key, label]) => (
        <Fragment key={key}>
          <dt>{label}</dt>
          <dd>{describe(features[key])}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
