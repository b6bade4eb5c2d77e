import { describe, expect, it } from 'vitest';
import {
  isOfflineReady,
  offlineRepair,
  type OfflineFacts,
} from '../../../../src/pwa/offlinePolicy.ts';

const installed: OfflineFacts = {
  registered: true,
  active: true,
  installing: false,
  precached: true,
};
/** What the page finds after the user cleared the site's data. */
const cleared: OfflineFacts = { ...installed, registered: false, active: false, precached: false };

describe('isOfflineReady', () => {
  it('needs a registration, a finished install and the precache', () => {
    expect(isOfflineReady(installed)).toBe(true);
    expect(isOfflineReady({ ...installed, installing: true })).toBe(true);
    expect(isOfflineReady({ ...installed, precached: false })).toBe(false);
    expect(isOfflineReady({ ...installed, active: false })).toBe(false);
    expect(isOfflineReady(cleared)).toBe(false);
  });
});

describe('offlineRepair', () => {
  it('leaves a working install alone', () => {
    expect(offlineRepair(installed)).toBe('none');
  });

  it('registers again when the registration is gone', () => {
    expect(offlineRepair(cleared)).toBe('register');
  });

  it('reinstalls a registration that lost its precache, or never finished installing', () => {
    expect(offlineRepair({ ...installed, precached: false })).toBe('reinstall');
    expect(offlineRepair({ ...installed, active: false, precached: false })).toBe('reinstall');
  });

  it('waits for an install under way: it fills the precache itself', () => {
    expect(offlineRepair({ ...installed, active: false, installing: true, precached: false })).toBe(
      'none',
    );
  });
});
