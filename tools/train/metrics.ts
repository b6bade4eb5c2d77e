/** Classification metrics over labelled predictions: pure functions, no I/O. */
import { LABELS } from '../data/dataset.ts';

export interface Prediction {
  file: string;
  /** True label index (into LABELS). */
  label: number;
  /** Probabilities in LABELS order. */
  probs: number[];
}

export interface Misclassified {
  file: string;
  label: string;
  predicted: string;
  /** Probability of the predicted label. */
  confidence: number;
}

export interface Metrics {
  accuracy: number;
  n: number;
  /** `confusion[true][predicted]`, in LABELS order. */
  confusion: number[][];
  perClass: Record<string, { n: number; precision: number; recall: number }>;
  misclassified: Misclassified[];
}

export const argmax = (xs: number[]): number =>
  xs.reduce((best, x, i) => (x > (xs[best] as number) ? i : best), 0);

/** Metrics of `predictions`; misclassified images come most confident first. */
export function computeMetrics(predictions: Prediction[]): Metrics {
  const k = LABELS.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const misclassified: Misclassified[] = [];
  for (const p of predictions) {
    const predicted = argmax(p.probs);
    const row = confusion[p.label] as number[];
    row[predicted] = (row[predicted] as number) + 1;
    if (predicted !== p.label) {
      misclassified.push({
        file: p.file,
        label: LABELS[p.label] as string,
        predicted: LABELS[predicted] as string,
        confidence: p.probs[predicted] as number,
      });
    }
  }
  const correct = confusion.reduce((s, row, i) => s + (row[i] as number), 0);
  const perClass = Object.fromEntries(
    LABELS.map((label, i) => {
      const row = confusion[i] as number[];
      const n = row.reduce((a, b) => a + b, 0);
      const predictedAs = confusion.reduce((s, r) => s + (r[i] as number), 0);
      const tp = row[i] as number;
      return [label, { n, precision: predictedAs ? tp / predictedAs : 0, recall: n ? tp / n : 0 }];
    }),
  );
  misclassified.sort((a, b) => b.confidence - a.confidence);
  return {
    accuracy: predictions.length ? correct / predictions.length : 0,
    n: predictions.length,
    confusion,
    perClass,
    misclassified,
  };
}
