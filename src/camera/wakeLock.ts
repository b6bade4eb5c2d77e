/** Keeps the screen on while the camera runs (Screen Wake Lock API, where the browser has it). */
export class ScreenWakeLock {
  private sentinel: WakeLockSentinel | null = null;
  /** Whether the lock is wanted now: a request that resolves after `release()` is let go. */
  private wanted = false;

  async acquire(): Promise<void> {
    this.wanted = true;
    if (this.sentinel || !('wakeLock' in navigator)) return;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      // Released meanwhile, or a second request got there first: this one is not needed.
      if (!this.wanted || this.sentinel) {
        await sentinel.release();
        return;
      }
      this.sentinel = sentinel;
      sentinel.addEventListener('release', () => {
        if (this.sentinel === sentinel) this.sentinel = null;
      });
    } catch {
      // Refused (battery saver, hidden page): the app still works, the screen may dim.
    }
  }

  async release(): Promise<void> {
    this.wanted = false;
    const s = this.sentinel;
    this.sentinel = null;
    await s?.release().catch(() => undefined);
  }
}
