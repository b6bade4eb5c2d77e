/**
 * How a model's `model.tflite` does where it runs: Roadgate's worker in Chromium on the integer
 * engine, against the same model on TF.js WASM (float32), over the test split.
 */
import type { Example } from '../data/dataset.ts';
import {
  classifyInBrowser,
  harnessPage,
  type BrowserModel,
  type Harness,
} from '../harness/driver.ts';
import { argmax, computeMetrics } from '../train/metrics.ts';

export interface Int8Check {
  /** Accuracy of the integer model on the test examples it could read. */
  testAccuracy: number;
  /** Share of those where the integer and the float32 model give the same answer. */
  agreement: number;
  /** Largest |p_int8(road) − p_float(road)| over them. */
  maxProbabilityGap: number;
}

/** Classifies `testing` with `model` on both engines in the harness and compares the answers. */
export async function checkInt8(
  harness: Harness,
  model: BrowserModel,
  testing: Example[],
  onSkip: (path: string, reason: string) => void,
): Promise<Int8Check> {
  const page = await harnessPage(harness.browser, harness.port);
  try {
    const int8 = await classifyInBrowser(page, model, 'int8', testing, onSkip);
    const float = await classifyInBrowser(page, model, 'wasm', testing, onSkip);
    const scored = testing.filter((e) => int8.has(e.path) && float.has(e.path));
    const metrics = computeMetrics(
      scored.map((e) => ({
        file: e.file,
        label: e.labelIndex,
        probs: int8.get(e.path) as number[],
      })),
    );
    let agree = 0;
    let gap = 0;
    for (const e of scored) {
      const a = int8.get(e.path) as [number, number];
      const b = float.get(e.path) as [number, number];
      if (argmax(a) === argmax(b)) agree++;
      gap = Math.max(gap, Math.abs(a[0] - b[0]));
    }
    return {
      testAccuracy: metrics.accuracy,
      agreement: agree / Math.max(1, scored.length),
      maxProbabilityGap: gap,
    };
  } finally {
    await page.close();
  }
}
