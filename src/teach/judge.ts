/**
 * Whether a newly trained personal head is put in use at once, and what the panel must say of it
 * first. Pure.
 *
 * On the user's own held-back examples it must do at least as well as the shipped head. On the
 * repository's test photos (`checkSet.ts`) a personal head may lose a little: it has learned one
 * windshield, not roads in general. It is held back only when it loses more than noise: about two
 * standard errors of an accuracy near 97% measured on 100 photos, √(0.97 × 0.03 / 100) ≈ 1.7
 * points each. Either way the panel shows both numbers.
 */
import type { Comparison } from './personalFile.ts';

/** Accuracy on the check set a personal head may lose and still be put in use at once. */
export const CHECK_DROP_ALLOWED = 0.035;

export interface Judgement {
  /** Put in use at once (else only when the user says so). */
  use: boolean;
  /** It scored lower than the shipped head on the held-back examples. */
  worseHeldBack: boolean;
  /** It scored lower than the shipped head on the check set (by any amount). */
  worseCheck: boolean;
}

export function judge(heldBack: Comparison, check?: Comparison): Judgement {
  const worseHeldBack = heldBack.personal < heldBack.shipped;
  const worseCheck = check !== undefined && check.personal < check.shipped;
  const tooMuch = check !== undefined && check.shipped - check.personal > CHECK_DROP_ALLOWED;
  return { use: !worseHeldBack && !tooMuch, worseHeldBack, worseCheck };
}
