import { describe, expect, it } from 'vitest';
import {
  cameraInUse,
  onControllerChange,
  type ControllerChange,
} from '../../../../src/pwa/updatePolicy.ts';

const update: ControllerChange = {
  hadController: true,
  hasController: true,
  askedHere: false,
  cameraInUse: false,
};

describe('onControllerChange', () => {
  it('reloads the tab that asked, even with its camera in use (the user pressed Reload there)', () => {
    expect(onControllerChange({ ...update, askedHere: true })).toBe('reload');
    expect(onControllerChange({ ...update, askedHere: true, cameraInUse: true })).toBe('reload');
  });

  it('reloads another tab by itself only when its camera is not in use, otherwise asks', () => {
    expect(onControllerChange(update)).toBe('reload');
    expect(onControllerChange({ ...update, cameraInUse: true })).toBe('ask');
  });

  it('does nothing when no older worker was replaced, or the controller was lost', () => {
    for (const askedHere of [false, true]) {
      for (const inUse of [false, true]) {
        const facts = { askedHere, cameraInUse: inUse };
        expect(onControllerChange({ ...facts, hadController: false, hasController: true })).toBe(
          'none',
        );
        expect(onControllerChange({ ...facts, hadController: true, hasController: false })).toBe(
          'none',
        );
      }
    }
  });
});

describe('cameraInUse', () => {
  it('is true while the camera runs', () => {
    expect(cameraInUse({ app: 'running', camera: 'on', offReason: null })).toBe(true);
  });

  it('is true while the camera is off only until the tab is shown or the gate looks again', () => {
    expect(cameraInUse({ app: 'paused', camera: 'off', offReason: 'hidden' })).toBe(true);
    expect(cameraInUse({ app: 'paused', camera: 'off', offReason: 'not-road' })).toBe(true);
  });

  it('is false when the user turned it off, or it never started', () => {
    expect(cameraInUse({ app: 'paused', camera: 'off', offReason: 'user' })).toBe(false);
    expect(cameraInUse({ app: 'ready', camera: 'off', offReason: null })).toBe(false);
    expect(cameraInUse({ app: 'loading', camera: 'off', offReason: null })).toBe(false);
    expect(cameraInUse({ app: 'error', camera: 'off', offReason: null })).toBe(false);
  });
});
