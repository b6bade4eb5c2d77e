/** Which variants this device holds for offline use, from Cache Storage (src/models/offline.ts). */
import { useEffect, useState } from 'react';
import type { Catalog } from '../models/catalog.ts';
import { cachedVariantIds } from '../models/offline.ts';

/** Re-read when the catalog or `running` (the variant in use, saved once it loads) changes. */
export function useSavedVariants(catalog: Catalog | null, running: string | null): Set<string> {
  const [saved, setSaved] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!catalog) return;
    let current = true;
    void cachedVariantIds(catalog).then((ids) => {
      if (current) setSaved(ids);
    });
    return () => {
      current = false;
    };
  }, [catalog, running]);
  return saved;
}
