import { describe, expect, it } from 'vitest';
import {
  PERSONAL_FORMAT,
  PERSONAL_VERSION,
  parsePersonal,
  serializePersonal,
  type PersonalModel,
} from '../../../../src/teach/personalFile.ts';

const SOURCE = 'my-car.json';
const FEATURES = 4;

/** Values a lossy encoding would change: -0, the smallest subnormal, float32's extremes. */
const KERNEL = Float32Array.from([
  0.1,
  -0,
  1.401298464324817e-45,
  -3.4028234663852886e38,
  3.4028234663852886e38,
  1 / 3,
  -7.5,
  2e-38,
]);

function personal(over: Partial<PersonalModel> = {}): PersonalModel {
  return {
    name: "Anna's car-2",
    base: 'mobilenet_v1_0.25_128',
    baseRevision: '0123456789abcdef',
    kernel: KERNEL,
    bias: Float32Array.from([0.25, -1e-7]),
    createdAt: '2026-12-01T10:00:00.000Z',
    examples: { road: 30, notRoad: 25 },
    heldBack: { n: 14, shipped: 0.5, personal: 0.9285714285714286 },
    ...over,
  };
}

/** The float32 values' bytes, so -0 and 0 (or two NaNs) are told apart. */
const bits = (a: Float32Array): number[] =>
  Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** A valid file's JSON with `edit` applied. */
function edited(edit: (j: Record<string, unknown>) => void): string {
  const j = JSON.parse(serializePersonal(personal())) as Record<string, unknown>;
  edit(j);
  return JSON.stringify(j);
}

/** base64 of little-endian float32 `values`, as the file holds them. */
function base64Of(values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(view.buffer).toString('base64');
}

describe('personal model file', () => {
  it('round-trips every field, the kernel and bias exact to the bit', () => {
    const m = personal();
    const text = serializePersonal(m);
    const back = parsePersonal(text, SOURCE);
    expect(bits(back.kernel)).toEqual(bits(m.kernel));
    expect(bits(back.bias)).toEqual(bits(m.bias));
    expect(Object.is(back.kernel[1], -0)).toBe(true);
    expect({ ...back, kernel: null, bias: null }).toEqual({ ...m, kernel: null, bias: null });
    expect(serializePersonal(back)).toBe(text);
  });

  it('writes the format, version, labels and feature count', () => {
    const j = JSON.parse(serializePersonal(personal())) as Record<string, unknown>;
    expect(j).toMatchObject({
      format: PERSONAL_FORMAT,
      version: PERSONAL_VERSION,
      labels: ['road', 'not-road'],
      features: FEATURES,
    });
  });

  it('leaves baseRevision out when there is none, and reads it back as absent', () => {
    const text = serializePersonal(personal({ baseRevision: undefined }));
    expect(text).not.toContain('baseRevision');
    expect('baseRevision' in parsePersonal(text, SOURCE)).toBe(false);
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"format": ', /not a Roadgate personal model \(not JSON\)/],
    ['JSON that is not an object', '[1, 2]', /not a Roadgate personal model \(no "format"/],
    ['a wrong format', edited((j) => (j.format = 'keras')), /no "format": "roadgate-personal/],
    ['no format', edited((j) => delete j.format), /not a Roadgate personal model/],
    ['a wrong version', edited((j) => (j.version = 2)), /version 2 is not one this app reads/],
    ['an empty name', edited((j) => (j.name = '')), /bad name/],
    ['a name with a slash', edited((j) => (j.name = 'a/b')), /bad name/],
    ['a name starting with a space', edited((j) => (j.name = ' car')), /bad name/],
    ['a 41-character name', edited((j) => (j.name = 'a'.repeat(41))), /bad name/],
    ['a name that is not text', edited((j) => (j.name = 7)), /bad name/],
    ['a bad base', edited((j) => (j.base = '../etc')), /bad "base"/],
    ['labels in another order', edited((j) => (j.labels = ['not-road', 'road'])), /labels must/],
    ['zero features', edited((j) => (j.features = 0)), /bad "features"/],
    [
      'a kernel one row short',
      edited((j) => (j.kernel = base64Of(Array.from(KERNEL).slice(0, -2)))),
      /"kernel" must hold 4 × 2 values/,
    ],
    ['a feature count that does not match', edited((j) => (j.features = 3)), /must hold 3 × 2/],
    ['a bias of three', edited((j) => (j.bias = base64Of([1, 2, 3]))), /"bias" 2/],
    ['a kernel that is not text', edited((j) => (j.kernel = [1, 2])), /must be base64 text/],
    ['a kernel that is not base64', edited((j) => (j.kernel = '!!not*base64')), /not base64/],
    ['a kernel of 2 bytes', edited((j) => (j.kernel = 'AAA=')), /not a whole number of float32/],
    [
      'a NaN in the kernel',
      edited((j) => (j.kernel = base64Of([...Array.from(KERNEL).slice(1), NaN]))),
      /"kernel" holds a value that is not finite/,
    ],
    [
      'an infinite bias',
      edited((j) => (j.bias = base64Of([0, -Infinity]))),
      /"bias" holds a value that is not finite/,
    ],
    ['bad examples', edited((j) => (j.examples = { road: -1, notRoad: 2 })), /bad "examples"/],
    ['no heldBack', edited((j) => delete j.heldBack), /bad "heldBack"/],
    [
      'a heldBack accuracy above 1',
      edited((j) => (j.heldBack = { n: 4, shipped: 1.5, personal: 0.5 })),
      /bad "heldBack"/,
    ],
    [
      'a fractional heldBack count',
      edited((j) => (j.heldBack = { n: 2.5, shipped: 0.5, personal: 0.5 })),
      /bad "heldBack"/,
    ],
    ['a bad createdAt', edited((j) => (j.createdAt = 'yesterday')), /bad "createdAt"/],
    ['a bad baseRevision', edited((j) => (j.baseRevision = 'XYZ')), /bad "baseRevision"/],
  ])('rejects %s with one line naming the source', (_case, text, message) => {
    let err: unknown;
    try {
      parsePersonal(text, SOURCE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    const line = (err as Error).message;
    expect(line.startsWith(`${SOURCE}: `)).toBe(true);
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });
});
