/**
 * Motion wake (ARCHITECTURE.md, Gate): while the gate has the camera off for want of a road, the
 * motion sensor listens, and a car that starts moving turns the camera on for a re-check, the
 * same `startCamera` a periodic re-check calls. It never listens while the camera runs or opens,
 * while the page is hidden, or with the setting off. The setting is its own small store, which the
 * settings panel reads; where there is no sensor the periodic re-check is the fallback.
 */
import type { MotionPermission, MotionSource } from '../camera/motion.ts';
import type { Snapshot } from './snapshot.ts';
import { Store } from './store.ts';

/**
 * The sensor as far as known: `probing` (listening for a first event), `available`, `ask` (the
 * browser asks first, iOS, and has not been asked or granted yet), `denied`, `none` (no sensor).
 */
export type MotionSensor = 'probing' | 'available' | 'ask' | 'denied' | 'none';

export interface MotionSetting {
  sensor: MotionSensor;
  /** The user's choice; it acts only with a sensor `available`. */
  on: boolean;
}

/** What motion wake needs of the controller: its snapshot, and the camera's start. */
export interface MotionWakeHost {
  getSnapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
  startCamera(): Promise<void>;
}

/** Whether to listen for motion now. Pure. */
export function listenForMotion(
  snap: Pick<Snapshot, 'camera' | 'offReason' | 'opening'>,
  setting: MotionSetting,
  hidden: boolean,
): boolean {
  const offForNotRoad = snap.camera === 'off' && snap.offReason === 'not-road' && !snap.opening;
  return setting.on && setting.sensor === 'available' && offForNotRoad && !hidden;
}

export class MotionWake extends Store<MotionSetting> {
  private listening = false;

  constructor(
    private readonly source: MotionSource,
    private readonly host: MotionWakeHost,
    private readonly hidden: () => boolean,
  ) {
    super({ sensor: 'probing', on: false });
    host.subscribe(() => this.sync());
  }

  /**
   * The setting at start, from what was `saved` (null: never chosen: on wherever a sensor sends
   * events). No events: where the browser asks first (iOS), it answers without a tap only what was
   * decided before; undecided, the setting waits for the user to turn it on.
   */
  async restore(saved: boolean | null): Promise<void> {
    const none = { sensor: 'none', on: false } as const;
    if (this.source.support === 'none') return this.update(none);
    if (await this.source.probe()) return this.update({ sensor: 'available', on: saved ?? true });
    if (this.source.support !== 'ask') return this.update(none);
    const permission = await this.source.requestPermission();
    if (permission === 'prompt') return this.update({ sensor: 'ask', on: false });
    await this.found(permission, saved ?? true);
  }

  /** The user turned the setting on or off: a tap, so a browser that asks first asks now. */
  async choose(on: boolean): Promise<void> {
    if (!on || this.snap.sensor === 'available') return this.update({ ...this.snap, on });
    await this.found(await this.source.requestPermission(), true);
  }

  /** With access granted, the sensor is there if its events come. */
  private async found(permission: MotionPermission, on: boolean): Promise<void> {
    if (permission !== 'granted') return this.update({ sensor: 'denied', on: false });
    const found = await this.source.probe();
    this.update(found ? { sensor: 'available', on } : { sensor: 'none', on: false });
  }

  /** Listens or stops listening as `listenForMotion` says; called on every change it depends on. */
  sync(): void {
    const listen = listenForMotion(this.host.getSnapshot(), this.snap, this.hidden());
    if (listen === this.listening) return;
    this.listening = listen;
    if (!listen) return this.source.stop();
    this.source.start(
      () => {
        this.dispose();
        void this.host.startCamera();
      },
      () => {
        this.dispose();
        // Events stopped or never came: the re-check timer is what is left.
        this.update({ sensor: 'none', on: false });
      },
    );
  }

  /** Stops listening. */
  dispose(): void {
    this.listening = false;
    this.source.stop();
  }

  private update(setting: MotionSetting): void {
    this.set(setting);
    this.sync();
  }
}
