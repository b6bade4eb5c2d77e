/**
 * The teach worker's boundary (teach mode): requests from the page, replies from the worker.
 * Every request carries an id; its reply (or an `error`) carries the same id. `progress` replies
 * come before a `trained`, with the same id.
 */
import type { Backend, TfBackend } from './protocol.ts';
import type { Comparison } from '../teach/personalFile.ts';
import type { CheckSet } from '../teach/checkSet.ts';

/** 0 = road, 1 = not-road: the index of the label in `LABELS`. */
export type LabelIndex = 0 | 1;

export interface Head {
  /** `[features, 2]` row-major. */
  kernel: Float32Array;
  bias: Float32Array;
}

export interface ExampleCounts {
  road: number;
  notRoad: number;
}

export type TeachRequest =
  /** Loads the variant's TF.js model for its pooled features (the base of a personal head). */
  | {
      type: 'open';
      id: number;
      modelUrl: string;
      variant: string;
      inputSize: number;
      /** TF.js backends to try, in order (the fastest timed on this device first). */
      backends: readonly TfBackend[];
    }
  /** One example: the frame, already the model's input square; the worker closes it. */
  | { type: 'add'; id: number; label: LabelIndex; bitmap: ImageBitmap }
  /** Forgets the examples (of one label, or all). */
  | { type: 'clear'; id: number; label?: LabelIndex }
  /**
   * Trains a head on all but the held-back examples, starting from the shipped head, rehearsing
   * `anchor` beside them (the repository's training photos, as features); scores both heads on
   * `check` too (its test photos). Either is left out where teach mode could not fetch it.
   */
  | { type: 'train'; id: number; check?: CheckSet; anchor?: CheckSet };

export type TeachReply =
  | { type: 'opened'; id: number; variant: string; backend: Backend; features: number }
  | { type: 'counts'; id: number; counts: ExampleCounts; featureMs: number }
  | { type: 'progress'; id: number; fraction: number }
  | {
      type: 'trained';
      id: number;
      head: Head;
      /** Examples trained on. */
      examples: ExampleCounts;
      heldBack: Comparison;
      /** On the check set, when one was given. */
      check?: Comparison;
      trainMs: number;
    }
  | { type: 'error'; id: number; message: string };
