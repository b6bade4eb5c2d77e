import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';

/** Start, Resume and Retry: the buttons a person needs, one at a time. */
export function Controls({ gate, snap }: { gate: Roadgate; snap: Snapshot }) {
  return (
    <div className="controls">
      {snap.app === 'ready' && (
        <button
          data-testid="start-camera"
          className="primary"
          onClick={() => void gate.startCamera()}
        >
          Start camera
        </button>
      )}
      {snap.app === 'paused' && (
        <button
          data-testid="resume-camera"
          className="primary"
          onClick={() => void gate.startCamera()}
        >
          Resume camera
        </button>
      )}
      {snap.app === 'running' && (
        <button className="secondary" onClick={() => gate.stopCamera('user')}>
          Turn camera off
        </button>
      )}
      {snap.app === 'error' && (
        <button data-testid="retry" className="primary" onClick={() => void gate.retry()}>
          Retry
        </button>
      )}
    </div>
  );
}
