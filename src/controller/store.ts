/**
 * An immutable snapshot and its listeners: what React's useSyncExternalStore reads
 * (`subscribe`, `getSnapshot`), and `set` for the owner.
 */
export class Store<T extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(protected snap: T) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): T => this.snap;

  /** A new snapshot with `patch` applied; every listener hears of it. */
  protected set(patch: Partial<T>): void {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((l) => l());
  }
}
