/**
 * What the controller drives: the camera (with its wake lock and frame pump), the inference
 * worker, the catalog's fetch and the motion sensor. The browser's by default; tests give fakes.
 */
import type { CameraError } from '../camera/camera.ts';
import { DeviceMotionSource, type MotionSource } from '../camera/motion.ts';
import { InferenceClient } from '../inference/client.ts';
import type { Catalog } from '../models/catalog.ts';
import { fetchCatalog } from '../models/fetchCatalog.ts';
import { browserCamera, type CameraDevices } from './cameraControl.ts';
import type { WorkerClient } from './workerSupervisor.ts';

export interface RoadgateDevices {
  /** The camera; `onLost` hears of one that ended on its own. */
  camera: (onLost: (err: CameraError) => void) => CameraDevices;
  /** Starts an inference worker. */
  spawnWorker: () => WorkerClient;
  fetchCatalog: () => Promise<Catalog>;
  /** The motion sensor, for motion wake. */
  motion: () => MotionSource;
}

export const browserDevices = (): RoadgateDevices => ({
  camera: browserCamera,
  spawnWorker: () => new InferenceClient(),
  fetchCatalog: () => fetchCatalog(),
  motion: () => new DeviceMotionSource(),
});
