/** Keeps the screen on while the camera runs (Screen Wake Lock API, where the browser has it). */
export class ScreenWakeLock {
  private sentinel: WakeLockSentinel | null = null;

  async acquire(): Promise<void> {
    if (this.sentinel || !('wakeLock' in navigator)) return;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
      this.sentinel.addEventListener('release', () => (this.sentinel = null));
    } catch {
      // Refused (battery saver, hidden page): the app still works, the screen may dim.
      this.sentinel = null;
    }
  }

  async release(): Promise<void> {
    const s = this.sentinel;
    this.sentinel = null;
    await s?.release().catch(() => undefined);
  }
}
