/**
 * What the controller drives: the camera (with its wake lock and frame pump), the inference
 * worker, the catalog's fetch and the motion sensor. The browser's by default; tests give fakes.
 */
import type { CameraError } from '../camera/camera.ts';
import { DeviceMotionSource, type MotionSource } from '../camera/motion.ts';
import { InferenceClient } from '../inference/client.ts';
import type { GateConfig } from '../gate/gate.ts';
import type { Backend } from '../inference/protocol.ts';
import type { Catalog } from '../models/catalog.ts';
import { fetchCatalog } from '../models/fetchCatalog.ts';
import { saveForOffline, savedVariants } from '../models/offline.ts';
import { noiseFrame } from '../fit/timing.ts';
import type { FitDevices } from './deviceFit.ts';
import { browserCamera, type CameraDevices } from './cameraControl.ts';
import type { WorkerClient } from './workerSupervisor.ts';
import { browserPersonalStore, type PersonalStore } from '../teach/personalStore.ts';

/** What the page asks of the controller (the URL's parameters, src/ui/params.ts). */
export interface RoadgateOptions {
  variant: string | null;
  backend?: Backend;
  gate?: GateConfig;
  /** Sentences about the URL's parameters that were refused (already cleaned), shown once. */
  notices?: readonly string[];
}

export interface RoadgateDevices {
  /** The camera; `onLost` hears of one that ended on its own. */
  camera: (onLost: (err: CameraError) => void) => CameraDevices;
  /** Starts an inference worker. */
  spawnWorker: () => WorkerClient;
  fetchCatalog: () => Promise<Catalog>;
  /** The motion sensor, for motion wake. */
  motion: () => MotionSource;
  /** What the per-device choice uses besides workers: storage, saved models, a test frame. */
  fit: () => Omit<FitDevices, 'spawn'>;
  /** Where personal models (teach mode) are kept. */
  personal: () => PersonalStore;
}

/** The browser's storage where the page may use it (null where it throws, or in Node). */
const localStore = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

export const browserDevices = (): RoadgateDevices => ({
  camera: browserCamera,
  spawnWorker: () => new InferenceClient(),
  fetchCatalog: () => fetchCatalog(),
  motion: () => new DeviceMotionSource(),
  fit: () => ({
    storage: localStore,
    saved: savedVariants,
    save: saveForOffline,
    frame: noiseFrame,
  }),
  personal: browserPersonalStore,
});
