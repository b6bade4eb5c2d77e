import { useEffect, useState } from 'react';
import type { Catalog } from '../models/catalog.ts';
import { cachedVariantIds, saveForOffline } from '../models/offline.ts';
import { mb } from './format.ts';

/** "Keep all variants offline", with the bytes it will take. */
export function OfflineModels({ catalog }: { catalog: Catalog }) {
  const [cached, setCached] = useState<Set<string> | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    void cachedVariantIds(catalog).then(setCached);
  }, [catalog]);

  if (!cached) return null;
  const missing = catalog.variants.filter((v) => !cached.has(v.id));
  if (missing.length === 0) {
    return (
      <p data-testid="offline-models" data-state="all">
        All {catalog.variants.length} variants are available offline.
      </p>
    );
  }
  const bytes = missing.reduce((n, v) => n + v.bytes + (v.int8?.bytes ?? 0), 0);
  const save = async () => {
    setStatus(`Saving 0 of ${missing.length}…`);
    try {
      await saveForOffline(missing, (done) => setStatus(`Saving ${done} of ${missing.length}…`));
      setStatus(null);
    } catch (err) {
      setStatus(`Could not save every variant (${(err as Error).message}); try again when online.`);
    }
    setCached(await cachedVariantIds(catalog));
  };
  return (
    <div data-testid="offline-models" data-state="partial">
      <button
        className="secondary"
        onClick={() => void save()}
        disabled={status?.startsWith('Saving') ?? false}
      >
        Keep all variants offline ({mb(bytes)} more)
      </button>
      {status && <p>{status}</p>}
    </div>
  );
}
