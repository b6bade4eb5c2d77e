/** The per-device choice's decisions on the controller's side. */
import { describe, expect, it } from 'vitest';
import {
  choiceApplies,
  idleForTiming,
  preferredEngine,
  startingPoint,
} from '../../../../src/controller/fitPolicy.ts';
import type { Snapshot } from '../../../../src/controller/snapshot.ts';
import { A, B, CATALOG } from './fakes.ts';

const IDLE: Parameters<typeof idleForTiming>[0] = {
  app: 'ready',
  camera: 'off',
  opening: false,
  switching: null,
  catalog: CATALOG,
  backend: { backend: 'webgl', fallbacks: [], threads: false },
};
const CHOICE = { variant: B, backend: 'webgl', ms: 9, overBudget: false } as const;

describe('idleForTiming', () => {
  it('allows timing only with a model ready, the camera off and not opening, the page seen', () => {
    expect(idleForTiming(IDLE, false)).toBe(true);
    expect(idleForTiming({ ...IDLE, app: 'paused' }, false)).toBe(true);
    expect(idleForTiming(IDLE, true)).toBe(false);
    expect(idleForTiming({ ...IDLE, app: 'running', camera: 'on' }, false)).toBe(false);
    expect(idleForTiming({ ...IDLE, opening: true }, false)).toBe(false);
    expect(idleForTiming({ ...IDLE, switching: B }, false)).toBe(false);
    expect(idleForTiming({ ...IDLE, app: 'loading' }, false)).toBe(false);
    expect(idleForTiming({ ...IDLE, app: 'error' }, false)).toBe(false);
    expect(idleForTiming({ ...IDLE, catalog: null }, false)).toBe(false);
  });

  it('waits while a move to the integer engine is under way (its runtime is downloading)', () => {
    const upgrading = { ...IDLE, backend: { ...IDLE.backend!, upgrading: true } };
    expect(idleForTiming(upgrading, false)).toBe(false);
    expect(idleForTiming({ ...IDLE, backend: { ...IDLE.backend!, upgrading: false } }, false)).toBe(
      true,
    );
  });
});

describe('startingPoint', () => {
  it('starts with the remembered choice when nothing else was asked for', () => {
    expect(startingPoint(CATALOG, null, CHOICE, {})).toMatchObject({
      entry: { id: B },
      choice: CHOICE,
    });
    expect(startingPoint(CATALOG, null, undefined, {})).toMatchObject({
      entry: { id: A },
      choice: undefined,
    });
  });

  it("lets the URL's variant or engine, or a pick, win over the remembered choice", () => {
    expect(startingPoint(CATALOG, A, CHOICE, {})).toMatchObject({
      entry: { id: A },
      choice: undefined,
    });
    // `?backend=` runs the default on that engine, not the remembered variant.
    expect(startingPoint(CATALOG, null, CHOICE, { backend: 'wasm' })).toMatchObject({
      entry: { id: A },
      choice: undefined,
    });
    expect(startingPoint(CATALOG, 'mobilenet_v1_9_9', CHOICE, {}).notice).toMatch(
      /not in this build/,
    );
  });
});

describe('preferredEngine', () => {
  it("prefers the choice's engine for the variant chosen only (a pick loads on the usual order)", () => {
    expect(preferredEngine(B, CHOICE)).toBe('webgl');
    expect(preferredEngine(A, CHOICE)).toBeUndefined();
    expect(preferredEngine(B, undefined)).toBeUndefined();
  });
});

describe('choiceApplies', () => {
  const running: Pick<Snapshot, 'variant' | 'backend'> = {
    variant: A,
    backend: { backend: 'int8', fallbacks: [], threads: false },
  };
  it('loads a new choice unless the URL or the user chose, or it runs already', () => {
    expect(choiceApplies(CHOICE, { variant: null }, false, running)).toBe(true);
    expect(choiceApplies(CHOICE, { variant: B }, false, running)).toBe(false);
    expect(choiceApplies(CHOICE, { variant: null, backend: 'wasm' }, false, running)).toBe(false);
    expect(choiceApplies(CHOICE, { variant: null }, true, running)).toBe(false);
    const same = {
      variant: B,
      backend: { backend: 'webgl' as const, fallbacks: [], threads: false },
    };
    expect(choiceApplies(CHOICE, { variant: null }, false, same)).toBe(false);
    expect(choiceApplies({ ...CHOICE, backend: 'int8' }, { variant: null }, false, same)).toBe(
      true,
    );
  });
});
