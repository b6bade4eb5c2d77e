import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';

/**
 * Start, Resume and Retry: the buttons a person needs, one at a time. Start and Resume wait
 * while the camera is opening (a permission prompt, a slow device): one press, one camera.
 */
export function Controls({ roadgate, snap }: { roadgate: Roadgate; snap: Snapshot }) {
  return (
    <div className="controls">
      {snap.app === 'ready' && (
        <button
          data-testid="start-camera"
          className="primary"
          disabled={snap.opening}
          onClick={() => void roadgate.startCamera()}
        >
          {snap.opening ? 'Opening the camera…' : 'Start camera'}
        </button>
      )}
      {snap.app === 'paused' && (
        <button
          data-testid="resume-camera"
          className="primary"
          disabled={snap.opening}
          onClick={() => void roadgate.startCamera()}
        >
          {snap.opening ? 'Opening the camera…' : 'Resume camera'}
        </button>
      )}
      {snap.app === 'running' && (
        <button className="secondary" onClick={() => roadgate.stopCamera('user')}>
          Turn camera off
        </button>
      )}
      {snap.app === 'error' && (
        <button data-testid="retry" className="primary" onClick={() => void roadgate.retry()}>
          Retry
        </button>
      )}
    </div>
  );
}
