/**
 * `models/<id>/check.json` and `anchor.json`: the pooled backbone features of a small, balanced
 * sample of the repository's photos for one variant, written by the pipeline (`npm run
 * models:check-set`). Teach mode fetches both when it opens (never on a first visit: they are not
 * precached). `check.json` (test photos) scores the shipped and the personal head, so a personal
 * head that learned one car and forgot roads in general is caught before it is used;
 * `anchor.json` (training photos) is rehearsed beside the user's examples while training, so it
 * does not forget them in the first place. Features, not photos: the photos' licences keep them out
 * of the repository, and a head needs nothing else. Pure: no DOM, no tf.
 *
 * Features are uint8: a pooled MobileNet v1 feature is a mean of ReLU6 outputs, so it lies in
 * [0, 6], and 6/255 steps move a linear head's logits by far less than its margin.
 */
import { LABELS } from '../models/labels.ts';
import { isObject } from '../util/json.ts';

export const CHECK_FORMAT = 'roadgate-check-features';
export const CHECK_VERSION = 1;
export const CHECK_FILE = 'check.json';
export const ANCHOR_FILE = 'anchor.json';
/** The largest pooled feature (ReLU6), and the uint8 step. */
export const FEATURE_MAX = 6;
export const FEATURE_SCALE = FEATURE_MAX / 255;

export interface CheckSet {
  variant: string;
  /** Row-major `[rows, dim]`. */
  x: Float32Array;
  /** Label index per row (`LABELS` order). */
  y: Int32Array;
  rows: number;
  dim: number;
}

/** The file's JSON for `set` (features clipped to [0, FEATURE_MAX] and quantized). */
export function encodeCheckSet(set: CheckSet, source: string): string {
  const q = Uint8Array.from(set.x, (v) =>
    Math.round(Math.min(FEATURE_MAX, Math.max(0, v)) / FEATURE_SCALE),
  );
  let text = '';
  for (const b of q) text += String.fromCharCode(b);
  return JSON.stringify({
    format: CHECK_FORMAT,
    version: CHECK_VERSION,
    variant: set.variant,
    labels: LABELS,
    rows: set.rows,
    features: set.dim,
    scale: FEATURE_SCALE,
    y: Array.from(set.y),
    x: btoa(text),
    source,
  });
}

/** Reads a check file; throws one line naming `file`. */
export function parseCheckSet(text: string, file: string): CheckSet {
  const fail = (why: string) => new Error(`${file}: ${why}`);
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  if (!isObject(j) || j.format !== CHECK_FORMAT || j.version !== CHECK_VERSION) {
    throw fail(`not a ${CHECK_FORMAT} file of version ${CHECK_VERSION}`);
  }
  const { rows, features: dim, y, x, scale, variant } = j;
  if (typeof variant !== 'string') throw fail('no "variant"');
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || (rows as number) < 1) {
    throw fail('bad "rows" or "features"');
  }
  if (typeof scale !== 'number' || !(scale > 0)) throw fail('bad "scale"');
  const n = rows as number;
  const d = dim as number;
  if (!Array.isArray(y) || y.length !== n || !y.every((l) => l === 0 || l === 1)) {
    throw fail(`"y" must hold ${n} label indices (0 or 1)`);
  }
  let raw: string;
  try {
    raw = atob(typeof x === 'string' ? x : '');
  } catch {
    throw fail('"x" is not base64');
  }
  if (raw.length !== n * d) throw fail(`"x" must hold ${n} × ${d} bytes`);
  return {
    variant,
    x: Float32Array.from(raw, (c) => c.charCodeAt(0) * scale),
    y: Int32Array.from(y as number[]),
    rows: n,
    dim: d,
  };
}
