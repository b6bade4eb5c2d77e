/**
 * A personal model: a head the user trained in teach mode on the pooled features of one shipped
 * variant (its backbone). The same record is kept in IndexedDB, written to an exported file and
 * read back by the app's import and by `npm run evaluate -- --model <file>`. Pure: no DOM, no tf.
 *
 * The file is JSON (small: 0.25 has 256 features, 1.0 has 1,024, so a head is 2–8 KB); the
 * kernel and bias travel as base64 of little-endian float32, exact to the bit.
 */
import { LABELS } from '../models/labels.ts';
import { isObject } from '../util/json.ts';

export const PERSONAL_FORMAT = 'roadgate-personal-model';
export const PERSONAL_VERSION = 1;
/** The variant-select value of a personal model (ARCHITECTURE.md, Page test contract). */
export const PERSONAL_PREFIX = 'personal:';
/** Letters, digits, spaces and `-_.'`, 1–40 characters, not starting or ending with a space. */
const NAME = /^[\p{L}\p{N}_.'-](?:[\p{L}\p{N} _.'-]{0,38}[\p{L}\p{N}_.'-])?$/u;
export const NAME_RULE = "1–40 letters, digits, spaces or - _ . '";

/** Accuracy of the shipped and the personal head on the same examples. */
export interface Comparison {
  n: number;
  shipped: number;
  personal: number;
}

export interface PersonalModel {
  name: string;
  /** The shipped variant whose backbone gives the features. */
  base: string;
  /** Content revision of the base's files when it was trained, where the build had one. */
  baseRevision?: string;
  /** `[features, 2]` row-major, columns in `LABELS` order. */
  kernel: Float32Array;
  bias: Float32Array;
  createdAt: string;
  /** Examples it was trained on (held-back ones not included). */
  examples: { road: number; notRoad: number };
  /** The last 20% of each label's examples, kept out of training. */
  heldBack: Comparison;
  /** The repository's test photos (`checkSet.ts`), where teach mode had them. */
  check?: Comparison;
}

export const personalId = (name: string): string => PERSONAL_PREFIX + name;

/** The name in a `personal:<name>` id, or null for a shipped variant's id. */
export const personalName = (id: string): string | null =>
  id.startsWith(PERSONAL_PREFIX) ? id.slice(PERSONAL_PREFIX.length) : null;

/** Null when `name` can be a personal model's name, else the rule it breaks. */
export const nameProblem = (name: string): string | null =>
  NAME.test(name) ? null : `a name is ${NAME_RULE}`;

/** A file name for the export: the name with anything unusual replaced. */
export const exportFileName = (name: string): string =>
  `roadgate-${name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}.json`;

function toBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.length * 4);
  const view = new DataView(bytes.buffer);
  a.forEach((x, i) => view.setFloat32(i * 4, x, true));
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string, what: string): Float32Array {
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    throw new Error(`${what} is not base64`);
  }
  if (raw.length % 4 !== 0) throw new Error(`${what} is not a whole number of float32 values`);
  const view = new DataView(Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer);
  const out = Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  if (!out.every(Number.isFinite)) throw new Error(`${what} holds a value that is not finite`);
  return out;
}

/** The exported file's text. */
export function serializePersonal(m: PersonalModel): string {
  return JSON.stringify(
    {
      format: PERSONAL_FORMAT,
      version: PERSONAL_VERSION,
      name: m.name,
      labels: LABELS,
      base: m.base,
      ...(m.baseRevision && { baseRevision: m.baseRevision }),
      features: m.kernel.length / LABELS.length,
      kernel: toBase64(m.kernel),
      bias: toBase64(m.bias),
      createdAt: m.createdAt,
      examples: m.examples,
      heldBack: m.heldBack,
      ...(m.check && { check: m.check }),
    },
    null,
    1,
  );
}

const fraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const count = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * Reads an exported file (or a stored record's JSON). `source` names it in the one-line error:
 * `my-car.json: not a Roadgate personal model (no "format")`.
 */
export function parsePersonal(text: string, source: string): PersonalModel {
  const fail = (why: string) => new Error(`${source}: ${why}`);
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw fail('not a Roadgate personal model (not JSON)');
  }
  if (!isObject(j) || j.format !== PERSONAL_FORMAT) {
    throw fail(`not a Roadgate personal model (no "format": "${PERSONAL_FORMAT}")`);
  }
  if (j.version !== PERSONAL_VERSION) {
    throw fail(`version ${String(j.version)} is not one this app reads (${PERSONAL_VERSION})`);
  }
  if (typeof j.name !== 'string' || nameProblem(j.name)) throw fail(`bad name: ${NAME_RULE}`);
  if (typeof j.base !== 'string' || !/^[a-z0-9._]{1,64}$/.test(j.base)) throw fail('bad "base"');
  if (JSON.stringify(j.labels) !== JSON.stringify(LABELS)) {
    throw fail(`labels must be ${JSON.stringify(LABELS)}`);
  }
  if (!count(j.features) || j.features === 0) throw fail('bad "features"');
  if (typeof j.kernel !== 'string' || typeof j.bias !== 'string') {
    throw fail('"kernel" and "bias" must be base64 text');
  }
  let kernel: Float32Array;
  let bias: Float32Array;
  try {
    kernel = fromBase64(j.kernel, '"kernel"');
    bias = fromBase64(j.bias, '"bias"');
  } catch (err) {
    throw fail((err as Error).message);
  }
  if (kernel.length !== j.features * LABELS.length || bias.length !== LABELS.length) {
    throw fail(`"kernel" must hold ${j.features} × ${LABELS.length} values and "bias" 2`);
  }
  const ex = j.examples;
  if (!isObject(ex) || !count(ex.road) || !count(ex.notRoad)) throw fail('bad "examples"');
  const comparison = (v: unknown): v is Comparison =>
    isObject(v) && count(v.n) && fraction(v.shipped) && fraction(v.personal);
  const hb = j.heldBack;
  if (!comparison(hb)) throw fail('bad "heldBack"');
  if (j.check !== undefined && !comparison(j.check)) throw fail('bad "check"');
  if (typeof j.createdAt !== 'string' || Number.isNaN(Date.parse(j.createdAt))) {
    throw fail('bad "createdAt"');
  }
  const revision = j.baseRevision;
  if (
    revision !== undefined &&
    (typeof revision !== 'string' || !/^[0-9a-f]{8,64}$/.test(revision))
  ) {
    throw fail('bad "baseRevision"');
  }
  return {
    name: j.name,
    base: j.base,
    ...(revision !== undefined && { baseRevision: revision }),
    kernel,
    bias,
    createdAt: j.createdAt,
    examples: { road: ex.road, notRoad: ex.notRoad },
    heldBack: { n: hb.n, shipped: hb.shipped, personal: hb.personal },
    ...(comparison(j.check) && {
      check: { n: j.check.n, shipped: j.check.shipped, personal: j.check.personal },
    }),
  };
}
