/** React glue: one service-worker client per page, its snapshot as state, the camera fed in. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ServiceWorkerClient, type SwSnapshot } from '../pwa/serviceWorker.ts';

/** `cameraInUse`: whether a reload now would end a camera session (updatePolicy.ts). */
export function useServiceWorker(cameraInUse: boolean): [ServiceWorkerClient, SwSnapshot] {
  const [client] = useState(() => new ServiceWorkerClient());
  const snap = useSyncExternalStore(client.subscribe, client.getSnapshot);

  useEffect(() => client.setCameraInUse(cameraInUse), [client, cameraInUse]);
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);

  return [client, snap];
}
