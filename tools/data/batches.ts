/**
 * The one loop of every tool that runs photos through a model: decode each photo, crop and
 * resize it to the input size, report and leave out the ones that cannot be read, and hand the
 * rest on in batches of `BATCH_SIZE`.
 */
import { decodeImage, toInputPixels } from './images.ts';

/** Images per batch: large enough to amortise a model call, small enough for two cores. */
export const BATCH_SIZE = 16;

/** One model input: RGB bytes at the model's input size, and what it was made from. */
export interface ModelInput<K> {
  key: K;
  pixels: Uint8Array;
}

export interface BatchLoop<T, K> {
  /** The file behind an item, for the skip report. */
  pathOf: (item: T) => string;
  /** The inputs of an item (most give one); throws when its photo cannot be read. */
  inputsOf: (item: T) => AsyncIterable<ModelInput<K>>;
  /** Called with each full batch, and with the last one. */
  run: (batch: ModelInput<K>[]) => Promise<void> | void;
  /** An unreadable photo: its path and a one-line reason. */
  onSkip?: (path: string, reason: string) => void;
  batchSize?: number;
}

/** The single input of a photo at `inputSize`: decoded, centre-cropped, resized. */
export async function* photoInput<K>(key: K, path: string, inputSize: number) {
  yield { key, pixels: await toInputPixels(await decodeImage(path), inputSize) };
}

/** Runs `loop` over `items`, in order. */
export async function inBatches<T, K>(items: Iterable<T>, loop: BatchLoop<T, K>): Promise<void> {
  const size = loop.batchSize ?? BATCH_SIZE;
  let batch: ModelInput<K>[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    await loop.run(full);
  };
  for (const item of items) {
    const inputs = loop.inputsOf(item)[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<ModelInput<K>>;
      try {
        next = await inputs.next();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        loop.onSkip?.(loop.pathOf(item), reason.split('\n')[0] ?? '');
        break;
      }
      if (next.done) break;
      batch.push(next.value);
      if (batch.length >= size) await flush();
    }
  }
  await flush();
}
