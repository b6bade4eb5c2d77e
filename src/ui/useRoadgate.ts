/** React glue: one Roadgate controller per page, its snapshot as state, page lifecycle wired. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Roadgate } from '../controller/roadgate.ts';
import type { RoadgateOptions } from '../controller/devices.ts';
import type { Snapshot } from '../controller/snapshot.ts';

export function useRoadgate(options: RoadgateOptions): [Roadgate, Snapshot] {
  const [roadgate] = useState(() => new Roadgate(options));
  const snap = useSyncExternalStore(roadgate.subscribe, roadgate.getSnapshot);

  useEffect(() => {
    const onVisibility = () => roadgate.onVisibility(document.visibilityState === 'hidden');
    onVisibility();
    void roadgate.init();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      roadgate.dispose();
    };
  }, [roadgate]);

  return [roadgate, snap];
}
