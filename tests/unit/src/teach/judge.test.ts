import { describe, expect, it } from 'vitest';
import { CHECK_DROP_ALLOWED, judge } from '../../../../src/teach/judge.ts';

const c = (shipped: number, personal: number, n = 100) => ({ n, shipped, personal });

describe('judge', () => {
  it('puts in use a head at least as good on the held-back examples, with no check set', () => {
    expect(judge(c(0.9, 0.9))).toEqual({ use: true, worseHeldBack: false, worseCheck: false });
    expect(judge(c(0.8, 1))).toMatchObject({ use: true });
  });

  it('holds back a head that scores lower on the held-back examples, by any amount', () => {
    expect(judge(c(1, 0.99))).toEqual({ use: false, worseHeldBack: true, worseCheck: false });
  });

  it('says a head is worse on the check photos by any amount, and holds it back only past the allowance', () => {
    const small = judge(c(0.9, 1), c(0.97, 0.97 - CHECK_DROP_ALLOWED + 0.005));
    expect(small).toEqual({ use: true, worseHeldBack: false, worseCheck: true });
    const large = judge(c(0.9, 1), c(0.97, 0.97 - CHECK_DROP_ALLOWED - 0.005));
    expect(large).toEqual({ use: false, worseHeldBack: false, worseCheck: true });
    expect(judge(c(0.9, 1), c(0.9, 0.95))).toEqual({
      use: true,
      worseHeldBack: false,
      worseCheck: false,
    });
  });
});
