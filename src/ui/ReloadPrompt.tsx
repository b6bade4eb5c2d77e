import type { Snapshot } from '../controller/snapshot.ts';
import { cameraInUse } from '../pwa/updatePolicy.ts';
import { useServiceWorker } from './useServiceWorker.ts';

/**
 * Service-worker status: "ready to work offline" when this page saw it become so, "update
 * available — reload?" that never reloads without asking while the camera is in use, and a
 * line that says whether the next start works offline (checked, so it turns false when the
 * site's data is cleared, and true again once the app is saved anew).
 */
export function ReloadPrompt({
  snap,
}: {
  snap: Pick<Snapshot, 'app' | 'camera' | 'offReason' | 'verdict'>;
}) {
  const [sw, state] = useServiceWorker(
    cameraInUse(snap),
    snap.verdict !== null,
    snap.app !== 'loading',
  );
  const prompt = state.updateAvailable
    ? 'update'
    : state.offlineReady && state.announceOffline
      ? 'offline-ready'
      : null;
  return (
    <>
      {prompt && (
        <div className="sw-prompt" role="status" data-testid="sw-prompt" data-state={prompt}>
          {prompt === 'update' ? (
            <>
              <span>An update is available. Reload to use it?</span>
              <button className="primary" onClick={() => sw.applyUpdate()}>
                Reload
              </button>
              <button className="secondary" onClick={() => sw.dismissUpdate()}>
                Later
              </button>
            </>
          ) : (
            <>
              <span>Roadgate is ready to work offline.</span>
              <button className="secondary" onClick={() => sw.dismissOffline()}>
                OK
              </button>
            </>
          )}
        </div>
      )}
      <p
        className="offline-status"
        data-testid="offline-status"
        data-state={state.offlineReady ? 'ready' : 'not-ready'}
      >
        {state.offlineReady
          ? 'Saved on this device: starts without a connection.'
          : 'Not saved for offline use: starting needs a connection.'}
      </p>
    </>
  );
}
