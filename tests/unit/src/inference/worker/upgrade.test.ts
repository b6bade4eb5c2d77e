import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  UPGRADE_AFTER_FRAME_MS,
  UPGRADE_IDLE_MS,
  UpgradePlan,
  type UpgradeTarget,
} from '../../../../../src/inference/worker/upgrade.ts';

const target: UpgradeTarget = { tfliteUrl: '/m/model.tflite', variant: 'v', inputSize: 128 };

describe('UpgradePlan', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the upgrade after the idle time when no frame comes', () => {
    const start = vi.fn();
    new UpgradePlan(start).plan(target);
    vi.advanceTimersByTime(UPGRADE_IDLE_MS - 1);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledExactlyOnceWith(target);
  });

  it('starts it soon after the first classified frame, once', () => {
    const start = vi.fn();
    const plan = new UpgradePlan(start);
    plan.plan(target);
    vi.advanceTimersByTime(2_000);
    plan.frameClassified();
    vi.advanceTimersByTime(UPGRADE_AFTER_FRAME_MS / 2);
    plan.frameClassified(); // Later frames do not push it back.
    vi.advanceTimersByTime(UPGRADE_AFTER_FRAME_MS / 2);
    expect(start).toHaveBeenCalledTimes(1);
    plan.frameClassified();
    vi.advanceTimersByTime(UPGRADE_IDLE_MS * 2);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('a later load replaces the plan: the old upgrade never starts and is no longer current', () => {
    const start = vi.fn();
    const plan = new UpgradePlan(start);
    plan.plan(target);
    vi.advanceTimersByTime(UPGRADE_IDLE_MS);
    const started = start.mock.calls[0]![0] as UpgradeTarget;
    expect(plan.isCurrent(started)).toBe(true);
    plan.plan(null);
    expect(plan.isCurrent(started)).toBe(false);
    plan.plan({ ...target, variant: 'w' });
    plan.plan(null);
    vi.advanceTimersByTime(UPGRADE_IDLE_MS * 2);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
