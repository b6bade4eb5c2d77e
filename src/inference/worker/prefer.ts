/**
 * A load that prefers a TF.js engine (the per-device choice: ARCHITECTURE.md, Per-device choice).
 * The preferred engine is tried alone first, and no move to the integer engine is planned then: it
 * was timed and chosen over it. Where it fails, the usual order runs, saying why it was passed
 * over.
 */
import type { Backend, BackendInfo, WorkerRequest } from '../protocol.ts';
import { errorMessage } from '../../util/errors.ts';

type LoadRequest = Extract<WorkerRequest, { type: 'load' }>;

/** `model` with `passed` first among the engines passed over. */
const passedOver = <M extends { backend: BackendInfo }>(
  model: M,
  ...passed: BackendInfo['fallbacks']
): M => ({
  ...model,
  backend: { ...model.backend, fallbacks: [...passed, ...model.backend.fallbacks] },
});

/** Loads `req` on `req.prefer` alone, else in the usual order; `load` is the engines' own load. */
export async function loadPreferring<M extends { backend: BackendInfo }>(
  req: LoadRequest & { prefer: Exclude<Backend, 'int8'> },
  load: (req: LoadRequest) => Promise<M>,
): Promise<M> {
  const { prefer, ...usual } = req;
  let preferred: M;
  try {
    preferred = await load({ ...usual, backend: prefer });
  } catch (err) {
    // Any failure, its model file's too (the .tflite may be saved where model.json is not).
    return passedOver(await load(usual), { backend: prefer, reason: errorMessage(err) });
  }
  const reason = req.tfliteUrl
    ? `${prefer} was chosen for this device (the developer panel has its timings)`
    : `${req.variant} has no .tflite file`;
  return passedOver(preferred, { backend: 'int8', reason });
}
