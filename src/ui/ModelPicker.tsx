import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';
import { useSavedVariants } from './useSavedVariants.ts';

/**
 * Shown when no model could be loaded: pick another one instead of retrying a broken file.
 * Variants this device has saved for offline use come first (they load with no network).
 */
export function ModelPicker({ roadgate, snap }: { roadgate: Roadgate; snap: Snapshot }) {
  const catalog = snap.catalog;
  const saved = useSavedVariants(catalog, snap.variant);
  if (!catalog || snap.failed !== 'init') return null;
  const ordered = [...catalog.variants].sort(
    (a, b) => Number(saved.has(b.id)) - Number(saved.has(a.id)),
  );
  return (
    <label className="model-picker">
      Or run another model{' '}
      <select
        data-testid="model-picker"
        value=""
        disabled={snap.switching !== null}
        onChange={(e) => void roadgate.selectVariant(e.target.value)}
      >
        <option value="" disabled>
          choose…
        </option>
        {ordered.map((v) => (
          <option key={v.id} value={v.id}>
            {v.id}
            {saved.has(v.id) ? ' (saved on this device)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
