import type { Snapshot } from '../controller/snapshot.ts';

const OFF_REASONS = {
  'not-road': 'No road in view: the camera was turned off to save power and privacy.',
  hidden: 'The app was in the background: the camera was released.',
  user: 'The camera is off.',
} as const;

/** The verdict and why the camera is off, in words, plus the machine-readable attributes. */
export function Verdict({ snap }: { snap: Snapshot }) {
  const v = snap.verdict;
  return (
    <section className="verdict-area" aria-live="polite">
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
        <p className="off-reason">{OFF_REASONS[snap.offReason]}</p>
      )}
    </section>
  );
}
