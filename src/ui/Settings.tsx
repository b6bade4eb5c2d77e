import { useEffect } from 'react';
import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';

/** Re-check choices after the gate turned the camera off; off by default (ARCHITECTURE.md, Gate). */
const RECHECK_CHOICES = [null, 15_000, 30_000, 60_000] as const;
const STORAGE_KEY = 'roadgate.recheckMs';

/** The user's settings, remembered on this device. */
export function Settings({ roadgate, snap }: { roadgate: Roadgate; snap: Snapshot }) {
  useEffect(() => {
    const saved = Number(localStorage.getItem(STORAGE_KEY));
    if (RECHECK_CHOICES.some((c) => c === saved)) roadgate.setRecheck(saved);
  }, [roadgate]);

  const choose = (ms: number | null) => {
    if (ms === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, String(ms));
    roadgate.setRecheck(ms);
  };

  return (
    <details className="settings">
      <summary>Settings</summary>
      <label>
        After the camera turns off, look again{' '}
        <select
          data-testid="recheck-select"
          value={snap.recheckMs ?? ''}
          onChange={(e) => choose(e.target.value === '' ? null : Number(e.target.value))}
        >
          {RECHECK_CHOICES.map((c) => (
            <option key={c ?? 'never'} value={c ?? ''}>
              {c === null ? 'never (press Resume)' : `every ${c / 1000} s`}
            </option>
          ))}
        </select>
      </label>
    </details>
  );
}
