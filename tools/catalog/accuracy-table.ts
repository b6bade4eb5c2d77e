/**
 * The README's accuracy table and the default choice's reasoning, as markdown, from meta.json
 * alone; and the swap of one marked block in a text. Pure: `npm run models:table` does the I/O.
 */
import { multiplyAdds } from '../../src/models/variants.ts';
import { wilson } from '../../src/util/interval.ts';
import { chooseDefault, validationRow, type DefaultChoice } from './default-choice.ts';
import type { ModelMeta } from './meta.ts';

/** The comments that fence a generated block in README.md. */
export interface Markers {
  readonly start: string;
  readonly end: string;
}

export const ACCURACY_MARKERS: Markers = {
  start: '<!-- accuracy-table -->',
  end: '<!-- /accuracy-table -->',
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** Millions of multiply-adds, whole. */
const millions = (x: number) => `${(x / 1e6).toFixed(0)} M`;

/** `97.1% (94.8–98.4)`: an accuracy on `n` examples and its Wilson 95% interval, in percent. */
export function ciCell(accuracy: number | undefined, n: number | undefined): string {
  if (accuracy === undefined || n === undefined) return '–';
  const { low, high } = wilson(Math.round(accuracy * n), n);
  return `${pct(accuracy)} (${(100 * low).toFixed(1)}–${(100 * high).toFixed(1)})`;
}

/** `343 validation photos`, or a pointer to meta.json when the variants' splits differ. */
function countText(metas: readonly ModelMeta[], split: string, noun: string): string {
  const counts = new Set(metas.map((m) => m.trainingData.counts[split]));
  const [only] = counts;
  return counts.size === 1 && only !== undefined
    ? `${only} ${noun} photos`
    : `each variant's ${noun} count in its meta.json`;
}

/** The accuracy block, markers included: one row per meta, `defaultId` in bold. */
export function accuracyBlock(metas: readonly ModelMeta[], defaultId: string): string {
  const kb = (x: number | undefined) => (x === undefined ? '–' : `${(x / 1024).toFixed(0)} KB`);
  const rows = metas.map((m) => {
    const { validation, testing } = m.trainingData.counts;
    const name = m.id === defaultId ? `**${m.id}** (default)` : m.id;
    const cells = [
      name,
      millions(multiplyAdds(m.width, m.inputSize)),
      ciCell(m.validationAccuracy, validation),
      ciCell(m.int8?.testAccuracy, testing),
      ciCell(m.testAccuracy, testing),
      kb(m.int8?.bytes),
      kb(m.bytes),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const table = [
    '| variant | multiply-adds | validation acc. | test acc. int8 | test acc. TF.js | .tflite | TF.js model |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  const rule = chooseDefault(metas.map(validationRow)).id;
  const follows =
    rule === defaultId
      ? 'The default is chosen on the validation split alone by the rule'
      : `On the validation split alone the rule picks \`${rule}\`; the catalog's default is still \`${defaultId}\`. The rule`;
  const note =
    `Accuracy (95% Wilson interval in brackets; n = ${countText(metas, 'validation', 'validation')}, ` +
    `${countText(metas, 'testing', 'test')}). ${follows}: the variant with the fewest ` +
    "multiply-adds whose validation accuracy reaches the lower bound of the best variant's " +
    'interval (`npm run models:table -- --choose_default`). Test accuracies are for reference only.';
  return `${ACCURACY_MARKERS.start}\n\n${table}\n\n${note}\n\n${ACCURACY_MARKERS.end}`;
}

/** The rule's reasoning, one row per variant, and its choice: for the terminal. */
export function choiceTable(choice: DefaultChoice): string {
  const floor = choice.best.interval.low;
  const rows = choice.rows.map((r) => {
    const mark = r.id === choice.id ? ' ← default' : '';
    const cells = [
      r.id,
      millions(r.multiplyAdds),
      ciCell(r.validationAccuracy, r.validationN),
      r.tied ? 'yes' : 'no',
    ];
    return `| ${cells.join(' | ')} |${mark}`;
  });
  return [
    '| variant | multiply-adds | validation acc. (95% CI) | tied with the best? |',
    '| --- | ---: | ---: | :---: |',
    ...rows,
    '',
    `best on validation: ${choice.best.id}, ${ciCell(choice.best.validationAccuracy, choice.best.validationN)}; ` +
      `tied: validation accuracy ≥ ${(100 * floor).toFixed(2)}%, its lower bound`,
    `default by the rule: ${choice.id} (the tied variant with the fewest multiply-adds)`,
  ].join('\n');
}

/**
 * `text` with the block between `markers` replaced by `block` (which holds the markers). Without
 * the markers the block goes just before `before` where `text` has it, or else at the end.
 */
export function setBlock(text: string, markers: Markers, block: string, before?: string): string {
  const a = text.indexOf(markers.start);
  const b = text.indexOf(markers.end, a);
  if (a >= 0 && b >= 0) return `${text.slice(0, a)}${block}${text.slice(b + markers.end.length)}`;
  if (a >= 0) return `${text.slice(0, a)}${block}${text.slice(a + markers.start.length)}`;
  const at = before === undefined ? -1 : text.indexOf(before);
  if (at >= 0) return `${text.slice(0, at)}${block}\n\n${text.slice(at)}`;
  return `${text.trimEnd()}\n\n${block}\n`;
}
