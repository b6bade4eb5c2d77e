import { useInstall } from './useInstall.ts';

/** "Install" where the browser offers one; the Add to Home Screen steps on iOS; else nothing. */
export function InstallOffer() {
  const { offer, install, dismiss } = useInstall();
  if (offer === 'none') return null;
  return (
    <div className="install" data-testid="install-offer" data-state={offer}>
      {offer === 'button' ? (
        <>
          <span>Install Roadgate: it opens full screen and works offline.</span>
          <button className="primary" data-testid="install" onClick={install}>
            Install
          </button>
        </>
      ) : (
        <span>
          To install: tap the Share button, then <strong>Add to Home Screen</strong>.
        </span>
      )}
      <button className="secondary" onClick={dismiss}>
        Not now
      </button>
    </div>
  );
}
