/** React glue: one Roadgate controller per page, its snapshot as state, page lifecycle wired. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Roadgate, type RoadgateOptions } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';

export function useRoadgate(options: RoadgateOptions): [Roadgate, Snapshot] {
  const [gate] = useState(() => new Roadgate(options));
  const snap = useSyncExternalStore(gate.subscribe, gate.getSnapshot);

  useEffect(() => {
    const onVisibility = () => gate.onVisibility(document.visibilityState === 'hidden');
    onVisibility();
    void gate.init();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      gate.dispose();
    };
  }, [gate]);

  return [gate, snap];
}
