import { useEffect, useSyncExternalStore } from 'react';
import type { MotionSensor } from '../controller/motionWake.ts';
import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';

/** Re-check choices after the gate turned the camera off; off by default (ARCHITECTURE.md, Gate). */
const RECHECK_CHOICES = [null, 15_000, 30_000, 60_000] as const;
const STORAGE_KEY = 'roadgate.recheckMs';
/** '1' or '0'; absent: never chosen (on wherever a sensor sends events). */
const MOTION_KEY = 'roadgate.motionWake';

/** Why the motion wake box cannot be ticked, or what ticking it will do. */
const MOTION_NOTES: Record<MotionSensor, string> = {
  probing: '(looking for a motion sensor…)',
  available: '',
  ask: '(asks for motion access)',
  denied: '(motion access was refused)',
  none: '(no motion sensor on this device)',
};

/** Motion wake (ARCHITECTURE.md, Gate): on by default where the phone has a motion sensor. */
function MotionWakeSetting({ roadgate }: { roadgate: Roadgate }) {
  const motion = roadgate.motion;
  const setting = useSyncExternalStore(motion.subscribe, motion.getSnapshot);
  useEffect(() => {
    const saved = localStorage.getItem(MOTION_KEY);
    void motion.restore(saved === null ? null : saved === '1');
  }, [motion]);

  const choose = async (on: boolean) => {
    await motion.choose(on);
    localStorage.setItem(MOTION_KEY, motion.getSnapshot().on ? '1' : '0');
  };
  const note = MOTION_NOTES[setting.sensor];
  return (
    <label>
      <input
        type="checkbox"
        data-testid="motion-wake"
        data-sensor={setting.sensor}
        checked={setting.on}
        disabled={setting.sensor === 'probing' || setting.sensor === 'none'}
        onChange={(e) => void choose(e.target.checked)}
      />{' '}
      Turn the camera back on when the car moves{note && ` ${note}`}
    </label>
  );
}

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
      <MotionWakeSetting roadgate={roadgate} />
    </details>
  );
}
