/** React glue: one service-worker client per page, its snapshot as state, the camera fed in. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ServiceWorkerClient, type SwSnapshot } from '../pwa/serviceWorker.ts';

/**
 * On a first visit the install (the app, its WASM and the default model: a few MB) waits for
 * the first verdict, so that on a slow link it does not compete with what the first verdict
 * needs; a visitor who does not start the camera gets it this long (ms) after the app is ready.
 */
const INSTALL_AFTER_READY_MS = 10_000;

/**
 * `cameraInUse`: whether a reload now would end a camera session (updatePolicy.ts).
 * `firstVerdict`: a verdict has been shown; `settled`: the app is past loading.
 */
export function useServiceWorker(
  cameraInUse: boolean,
  firstVerdict: boolean,
  settled: boolean,
): [ServiceWorkerClient, SwSnapshot] {
  const [client] = useState(() => new ServiceWorkerClient());
  const snap = useSyncExternalStore(client.subscribe, client.getSnapshot);
  // A page the service worker already controls (a return visit) checks in at once.
  const [returning] = useState(() => navigator.serviceWorker?.controller != null);
  const [waited, setWaited] = useState(false);

  useEffect(() => client.setCameraInUse(cameraInUse), [client, cameraInUse]);
  useEffect(() => {
    if (!settled || waited) return;
    const timer = setTimeout(() => setWaited(true), INSTALL_AFTER_READY_MS);
    return () => clearTimeout(timer);
  }, [settled, waited]);
  const go = returning || firstVerdict || waited;
  useEffect(() => {
    if (!go) return;
    client.start();
    return () => client.stop();
  }, [client, go]);

  return [client, snap];
}
