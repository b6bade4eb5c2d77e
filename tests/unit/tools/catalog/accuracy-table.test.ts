/** The README's accuracy table, the default rule's reasoning, and the swap of a marked block. */
import { describe, expect, it } from 'vitest';
import { accuracyText } from '../../../../src/util/interval.ts';
import {
  ACCURACY_MARKERS,
  accuracyBlock,
  choiceTable,
  ciCell,
  setBlock,
} from '../../../../tools/catalog/accuracy-table.ts';
import { chooseDefault, validationRow } from '../../../../tools/catalog/default-choice.ts';
import type { ModelMeta } from '../../../../tools/catalog/meta.ts';

/** The part of a meta.json the tables read. */
function meta(id: string, width: number, inputSize: number, int8 = true, testN = 348): ModelMeta {
  return {
    id,
    width,
    inputSize,
    bytes: 843_192,
    validationAccuracy: 338 / 343,
    testAccuracy: 338 / 348,
    trainingData: { counts: { training: 2883, validation: 343, testing: testN } },
    ...(int8 && { int8: { bytes: 847_408, testAccuracy: 339 / 348 } }),
  } as unknown as ModelMeta;
}

describe('ciCell', () => {
  it('gives the accuracy and its Wilson interval in percent, as accuracyText does', () => {
    expect(ciCell(338 / 348, 348)).toBe('97.1% (94.8–98.4)');
    expect(accuracyText(338 / 348, 348)).toBe('97.1% (95% CI 94.8–98.4%)');
    expect(ciCell(1, 343)).toBe('100.0% (98.9–100.0)');
  });

  it('shows a dash for what was not measured', () => {
    expect(ciCell(undefined, 348)).toBe('–');
    expect(ciCell(0.9, undefined)).toBe('–');
  });
});

describe('accuracyBlock', () => {
  const metas = [meta('mobilenet_v1_0.5_160', 0.5, 160), meta('mobilenet_v1_0.5_224', 0.5, 224)];
  const block = accuracyBlock(metas, 'mobilenet_v1_0.5_224');
  const lines = block.split('\n');

  it('sits between its markers', () => {
    expect(lines[0]).toBe(ACCURACY_MARKERS.start);
    expect(lines.at(-1)).toBe(ACCURACY_MARKERS.end);
  });

  it('gives each variant its cost, validation and test accuracies with intervals, and sizes', () => {
    expect(lines).toContain(
      '| mobilenet_v1_0.5_160 | 76 M | 98.5% (96.6–99.4) | 97.4% (95.2–98.6) | 97.1% (94.8–98.4) | 828 KB | 823 KB |',
    );
    expect(lines).toContain(
      '| **mobilenet_v1_0.5_224** (default) | 149 M | 98.5% (96.6–99.4) | 97.4% (95.2–98.6) | 97.1% (94.8–98.4) | 828 KB | 823 KB |',
    );
  });

  it('says what the intervals are, their n, and that the default is chosen on validation', () => {
    expect(block).toMatch(/95% Wilson interval/);
    expect(block).toMatch(/n = 343 validation photos, 348 test photos/);
    expect(block).toMatch(/Test accuracies are for reference only/);
  });

  it("says plainly when the catalog's default is not the rule's choice", () => {
    // Both score 338/343 on validation: the rule takes the cheaper 0.5_160.
    expect(block).toMatch(
      /the rule picks `mobilenet_v1_0\.5_160`; the catalog's default is still `mobilenet_v1_0\.5_224`/,
    );
    const agreed = accuracyBlock(metas, 'mobilenet_v1_0.5_160');
    expect(agreed).toMatch(/The default is chosen on the validation split alone by the rule: /);
    expect(agreed).not.toMatch(/still/);
  });

  it('shows dashes without an int8 model, and points at meta.json when the counts differ', () => {
    const mixed = accuracyBlock(
      [meta('a', 0.25, 128, false), meta('b', 0.25, 160, true, 300)],
      'b',
    );
    expect(mixed).toContain(
      '| a | 13 M | 98.5% (96.6–99.4) | – | 97.1% (94.8–98.4) | – | 823 KB |',
    );
    expect(mixed).toMatch(/343 validation photos, each variant's test count in its meta\.json/);
  });
});

describe('choiceTable', () => {
  it('shows, per variant, the cost, the interval and the tie, and names the choice', () => {
    const metas = [
      { ...meta('mobilenet_v1_1.0_224', 1, 224), validationAccuracy: 342 / 343 },
      meta('mobilenet_v1_0.5_160', 0.5, 160),
      { ...meta('mobilenet_v1_0.25_128', 0.25, 128), validationAccuracy: 333 / 343 },
    ];
    const text = choiceTable(chooseDefault(metas.map(validationRow)));
    expect(text).toContain('| mobilenet_v1_1.0_224 | 568 M | 99.7% (98.4–99.9) | yes |');
    expect(text).toContain('| mobilenet_v1_0.5_160 | 76 M | 98.5% (96.6–99.4) | yes | ← default');
    expect(text).toContain('| mobilenet_v1_0.25_128 | 13 M | 97.1% (94.7–98.4) | no |');
    expect(text).toMatch(/best on validation: mobilenet_v1_1\.0_224.*≥ 98\.37%/);
    expect(text).toMatch(/default by the rule: mobilenet_v1_0\.5_160/);
  });
});

describe('setBlock', () => {
  const M = { start: '<!-- t -->', end: '<!-- /t -->' };
  const latency = '<!-- lat -->\n\nold latencies\n\n<!-- /lat -->\n';

  it('replaces only what lies between the markers', () => {
    const text = `intro\n\n<!-- t -->\nold\n<!-- /t -->\n\n${latency}`;
    expect(setBlock(text, M, '<!-- t -->\nnew\n<!-- /t -->')).toBe(
      `intro\n\n<!-- t -->\nnew\n<!-- /t -->\n\n${latency}`,
    );
  });

  it('goes just before another block when its markers are absent, leaving that block as it is', () => {
    const text = `intro\n\n${latency}`;
    expect(setBlock(text, M, '<!-- t -->x<!-- /t -->', '<!-- lat -->')).toBe(
      `intro\n\n<!-- t -->x<!-- /t -->\n\n${latency}`,
    );
  });

  it('goes at the end when neither is there', () => {
    expect(setBlock('intro\n', M, 'B', '<!-- lat -->')).toBe('intro\n\nB\n');
  });
});
