import { describe, expect, it } from 'vitest';
import {
  FRAME_TIMEOUT_MS,
  LOAD_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  frameTimeout,
  overdueReason,
  type Watched,
} from '../../../../src/inference/watchdog.ts';

describe('frameTimeout', () => {
  it.each<[string, number[], number]>([
    ['no frame yet: the floor', [], FRAME_TIMEOUT_MS],
    ['a fast engine: the floor', [10, 20, 30], FRAME_TIMEOUT_MS],
    ['a slow engine: 8× its median', [900, 1000, 1100], 8_000],
  ])('%s', (_name, recent, expected) => {
    expect(frameTimeout(recent)).toBe(expected);
  });
});

describe('overdueReason', () => {
  const ctx = { loading: false, since: 0, frameTimeoutMs: FRAME_TIMEOUT_MS };
  const frame: Watched = { type: 'classify', sentAt: 0 };
  it.each<[string, Watched, number, Partial<typeof ctx>, RegExp | null]>([
    ['a frame within its timeout', frame, FRAME_TIMEOUT_MS, {}, null],
    ['a frame past it', frame, FRAME_TIMEOUT_MS + 1, {}, /did not answer a frame within 4\.0 s/],
    ['a frame behind a load: its clock waits', frame, 60_000, { loading: true }, null],
    ['a frame timed from the load it waited for', frame, 5_000, { since: 2_000 }, null],
    ['a slow engine gets its own timeout', frame, 7_000, { frameTimeoutMs: 8_000 }, null],
    ['a load within 300 s', { type: 'load', sentAt: 0 }, LOAD_TIMEOUT_MS, {}, null],
    ['a load past it', { type: 'load', sentAt: 0 }, LOAD_TIMEOUT_MS + 1, {}, /did not load/],
    ['stats within 10 s', { type: 'stats', sentAt: 0 }, REQUEST_TIMEOUT_MS, {}, null],
    ['stats past it', { type: 'stats', sentAt: 0 }, REQUEST_TIMEOUT_MS + 1, {}, /within 10 s/],
  ])('%s', (_name, pending, now, patch, expected) => {
    const reason = overdueReason(pending, now, { ...ctx, ...patch });
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});
