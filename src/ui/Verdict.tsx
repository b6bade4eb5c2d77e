import type { Snapshot } from '../controller/snapshot.ts';

const OFF_REASONS = {
  'not-road': 'No road in view: the camera was turned off to save power and privacy.',
  hidden: 'The app was in the background: the camera was released.',
  user: 'The camera is off.',
} as const;

/**
 * What a screen reader announces: the verdict's label and why the camera went off, never the
 * percentage, which changes with every frame. The text changes only when one of them does.
 */
function announcement(snap: Snapshot): string {
  if (snap.camera === 'off' && snap.offReason) return OFF_REASONS[snap.offReason];
  if (!snap.verdict) return '';
  return snap.verdict.label === 'road' ? 'Road in view.' : 'No road in view.';
}

/** The verdict and why the camera is off, in words, plus the machine-readable attributes. */
export function Verdict({ snap }: { snap: Snapshot }) {
  const v = snap.verdict;
  return (
    <section className="verdict-area" aria-label="Verdict">
      <p className="visually-hidden" role="status">
        {announcement(snap)}
      </p>
      <div
        data-testid="verdict"
        data-label={v?.label ?? ''}
        data-confidence={v ? v.confidence.toFixed(3) : ''}
        className={`verdict verdict-${v?.label ?? 'none'}`}
      >
        {v ? (
          <>
            <strong>{v.label === 'road' ? 'Road' : 'Not road'}</strong>
            <span>{Math.round(v.confidence * 100)}%</span>
          </>
        ) : (
          <span>{snap.app === 'running' ? 'Looking…' : 'No verdict yet'}</span>
        )}
      </div>
      {snap.camera === 'off' && snap.offReason && (
        <p className="off-reason" aria-hidden="true">
          {OFF_REASONS[snap.offReason]}
        </p>
      )}
    </section>
  );
}
