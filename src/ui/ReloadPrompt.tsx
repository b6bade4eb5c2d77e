import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * Service-worker status: "ready to work offline" once, and "update available — reload?" that
 * never reloads without asking. After the first install, asks for persistent storage so the
 * browser does not evict the cached models under storage pressure.
 */
export function ReloadPrompt() {
  const {
    offlineReady: [offlineReady, setOfflineReady],
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    immediate: true,
    onRegisteredSW() {
      void navigator.storage?.persist?.();
    },
  });
  if (!offlineReady && !needRefresh) return null;
  return (
    <div
      className="sw-prompt"
      role="status"
      data-testid="sw-prompt"
      data-state={needRefresh ? 'update' : 'offline-ready'}
    >
      {needRefresh ? (
        <>
          <span>An update is available. Reload to use it?</span>
          <button className="primary" onClick={() => void updateServiceWorker(true)}>
            Reload
          </button>
          <button className="secondary" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </>
      ) : (
        <>
          <span>Roadgate is ready to work offline.</span>
          <button className="secondary" onClick={() => setOfflineReady(false)}>
            OK
          </button>
        </>
      )}
    </div>
  );
}
