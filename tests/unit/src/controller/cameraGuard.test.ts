import { describe, expect, it } from 'vitest';
import { canStartCamera, type StartFacts } from '../../../../src/controller/cameraGuard.ts';

/** A page ready to start: a model loaded on a live worker, nothing running, visible. */
const ready: StartFacts = {
  app: 'ready',
  failed: null,
  variant: 'mobilenet_v1_0.25_128',
  hasVideo: true,
  cameraBusy: false,
  workerAlive: true,
  hidden: false,
};

describe('canStartCamera', () => {
  it.each<[string, Partial<StartFacts>, ReturnType<typeof canStartCamera>]>([
    ['ready: start', {}, 'start'],
    ['paused by the gate: start (Resume, a re-check)', { app: 'paused' }, 'start'],
    ['after a camera error: start (Retry)', { app: 'error', failed: 'camera' }, 'start'],
    ['hidden: once the page is seen', { hidden: true }, 'when-visible'],
    ['no <video> yet', { hasVideo: false }, 'no'],
    ['a camera already running or opening', { cameraBusy: true }, 'no'],
    ['no model loaded', { variant: null }, 'no'],
    ['the worker is dead', { workerAlive: false }, 'no'],
    ['a model is loading', { app: 'loading' }, 'no'],
    ['no model could be loaded', { app: 'error', failed: 'init' }, 'no'],
    ['hidden, but no model: not even later', { hidden: true, workerAlive: false }, 'no'],
  ])('%s', (_name, patch, expected) => {
    expect(canStartCamera({ ...ready, ...patch })).toBe(expected);
  });
});
