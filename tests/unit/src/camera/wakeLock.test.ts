import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScreenWakeLock } from '../../../../src/camera/wakeLock.ts';

describe('ScreenWakeLock', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('holds the screen where the browser has the API, and lets it go', async () => {
    const release = vi.fn(() => Promise.resolve());
    const sentinel = { release, addEventListener: vi.fn() };
    const request = vi.fn(() => Promise.resolve(sentinel));
    vi.stubGlobal('navigator', { wakeLock: { request } });
    const lock = new ScreenWakeLock();
    await lock.acquire();
    expect(request).toHaveBeenCalledWith('screen');
    await lock.release();
    expect(release).toHaveBeenCalledOnce();
  });

  // Safari before 16.4, and iOS Home Screen apps before 18.4: the screen may dim, the app goes on
  // (a locked screen hides the page, which releases the camera: ARCHITECTURE.md, Camera invariant).
  it('without the API, acquire and release resolve and nothing is asked', async () => {
    vi.stubGlobal('navigator', {});
    const lock = new ScreenWakeLock();
    await expect(lock.acquire()).resolves.toBeUndefined();
    await expect(lock.release()).resolves.toBeUndefined();
  });

  it('a refused request (battery saver, hidden page) is not an error', async () => {
    const request = vi.fn(() => Promise.reject(new DOMException('refused', 'NotAllowedError')));
    vi.stubGlobal('navigator', { wakeLock: { request } });
    await expect(new ScreenWakeLock().acquire()).resolves.toBeUndefined();
  });
});
