/**
 * A controller set up for the per-device choice: two variants (A with a .tflite; B more accurate
 * on validation), fake workers whose ms per frame depend on variant and engine, a fake camera,
 * storage in memory.
 */
import { Roadgate } from '../../../../src/controller/roadgate.ts';
import type { FitStorage } from '../../../../src/fit/remembered.ts';
import type { Backend } from '../../../../src/inference/protocol.ts';
import type { Catalog, CatalogEntry } from '../../../../src/models/catalog.ts';
import { WorkerError } from '../../../../src/inference/client.ts';
import { A, B, bitmap, CATALOG, FakeCamera, spawner, type FakeClient } from './fakes.ts';

/** A with a .tflite; B more accurate on validation. */
const [a, b] = CATALOG.variants as [CatalogEntry, CatalogEntry];
export const FIT_CATALOG: Catalog = {
  default: A,
  variants: [
    {
      ...a,
      validationAccuracy: 0.95,
      int8: { path: `${A}/model.tflite`, bytes: 900, testAccuracy: 0.9 },
    },
    { ...b, validationAccuracy: 0.99 },
  ],
};
/** Ms per frame here: with the 37.5 ms budget, B fits only on WebGL. */
const MS: Record<string, Partial<Record<Backend, number>>> = {
  [A]: { int8: 4, webgl: 50, wasm: 20 },
  [B]: { webgl: 30, wasm: 45 },
};

export function memoryStorage(): FitStorage {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

interface SetUp {
  variant?: string | null;
  storage?: FitStorage | null;
  saved?: Set<string>;
  onFrame?: () => void;
  backend?: Backend;
}

export function setUp({
  variant = null,
  storage = memoryStorage(),
  saved = new Set([A, B]),
  onFrame,
  backend,
}: SetUp = {}) {
  const camera = new FakeCamera();
  const workers = spawner((c) => (c.msFor = (v, be) => MS[v]?.[be] ?? 999));
  const saves: string[] = [];
  const roadgate = new Roadgate(
    { variant, backend },
    {
      camera: camera.devices,
      spawnWorker: () => workers.spawn(),
      fetchCatalog: async () => FIT_CATALOG,
      fit: () => ({
        storage: () => storage,
        saved: async () => new Map([...saved].map((id) => [id, { int8: true, tfjs: true }])),
        save: async (entries, progress) => {
          entries.forEach((e) => (saves.push(e.id), saved.add(e.id)));
          progress(entries.length);
        },
        frame: async () => (onFrame?.(), bitmap()),
      }),
    },
  );
  roadgate.attachVideo({} as HTMLVideoElement);
  const fit = () => roadgate.fit.getSnapshot();
  return { roadgate, camera, workers, saves, storage, fit, snap: () => roadgate.getSnapshot() };
}

/** Lets every pending promise chain run (real macrotask turns; timers stay fake). */
export async function settle(until: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 200 && !until(); i++) await new Promise((r) => setImmediate(r));
}

/** From now on, every worker spawned whose load `fails` (by spawn count) fails with `error`. */
export function failLoads(
  workers: { spawn: () => FakeClient; clients: FakeClient[] },
  error: WorkerError,
  fails: (spawned: number) => boolean = () => true,
): void {
  const spawn = workers.spawn;
  workers.spawn = () => {
    const client = spawn();
    if (fails(workers.clients.length)) client.loadError = error;
    return client;
  };
}
