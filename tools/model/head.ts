/**
 * The head the pipeline trains on cached bottlenecks: the same code the phone's teach mode runs
 * (src/inference/head.ts), so a head trained on either side is the same kind of thing.
 */
export {
  headLogits,
  toMatrix,
  trainHead,
  type EvalPoint,
  type HeadOptions,
  type HeadResult,
  type HeadWeights,
  type Matrix,
} from '../../src/inference/head.ts';
