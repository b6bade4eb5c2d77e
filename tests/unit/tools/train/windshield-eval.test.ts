/** The robustness conditions: each effect alone on a centred photo, all together, seeded apart from training. */
import { describe, expect, it } from 'vitest';
import {
  CONDITIONS,
  conditionDistortion,
  EVAL_ROLL_DEGREES,
} from '../../../../tools/train/windshield-eval.ts';
import { distortionFor, NO_DISTORTIONS } from '../../../../tools/data/images.ts';
import { WINDSHIELD_EFFECTS } from '../../../../tools/data/windshield.ts';

const EFFECTS = WINDSHIELD_EFFECTS.map((e) => e.effect);
const SEEDS = Array.from({ length: 50 }, (_, i) => (i * 2654435761) >>> 0);
const present = (d: object | undefined) =>
  EFFECTS.filter((e) => (d as Record<string, unknown> | undefined)?.[e] !== undefined);

describe('windshield robustness conditions', () => {
  it('are the photo as is, each effect alone in the drawing order, then all together', () => {
    expect(CONDITIONS.map((c) => c.name)).toEqual(['none', ...EFFECTS, 'all']);
    expect(new Set(CONDITIONS.map((c) => c.title)).size).toBe(CONDITIONS.length);
  });

  it('give every photo its condition: that effect alone, on the centred, unflipped photo', () => {
    for (const seed of SEEDS) {
      for (const c of CONDITIONS) {
        const d = conditionDistortion(seed, c);
        if (c.name === 'none') {
          expect(d).toBeUndefined();
          continue;
        }
        expect(d).toMatchObject({
          flip: false,
          cropFraction: 1,
          cropX: 0.5,
          cropY: 0.5,
          brightness: 1,
        });
        expect(present(d)).toEqual(c.name === 'all' ? EFFECTS : [c.name]);
        expect(Math.abs(d?.roll ?? 0)).toBeLessThanOrEqual(EVAL_ROLL_DEGREES);
      }
    }
  });

  it('are the same for the same photo, differ between photos, and are no training copy', () => {
    const all = CONDITIONS.at(-1)!;
    const [a, b] = SEEDS as [number, number];
    expect(conditionDistortion(a, all)).toEqual(conditionDistortion(a, all));
    expect(conditionDistortion(a, all)).not.toEqual(conditionDistortion(b, all));
    // Training copy 1 with the same effects forced on: other parameters.
    const copy1 = distortionFor(a, 1, { ...NO_DISTORTIONS, ...all.flags });
    expect(copy1.hood).toBeDefined();
    expect(conditionDistortion(a, all)?.hood).not.toEqual(copy1.hood);
  });
});
