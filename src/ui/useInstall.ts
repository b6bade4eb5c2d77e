/** React glue for the install offer (src/pwa/installPolicy.ts). */
import { useCallback, useEffect, useState } from 'react';
import { isStandalone } from '../platform/display.ts';
import { installOffer, isIos, type InstallOffer } from '../pwa/installPolicy.ts';

/** Chromium's event; not in TypeScript's DOM library. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const DISMISSED_KEY = 'roadgate-install-dismissed';

function wasDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function useInstall(): { offer: InstallOffer; install: () => void; dismiss: () => void } {
  const [held, setHeld] = useState<BeforeInstallPromptEvent | null>(null);
  const [installed, setInstalled] = useState(isStandalone);
  const [dismissed, setDismissed] = useState(wasDismissed);

  useEffect(() => {
    const onPrompt = (e: Event) => {
      // Keep the browser's own mini-infobar back; the app offers the install where it fits.
      e.preventDefault();
      setHeld(e as BeforeInstallPromptEvent);
    };
    const onInstalled = () => {
      setHeld(null);
      setInstalled(true);
    };
    window.addEventListener('beforeinstallprompt', onPrompt);
    window.addEventListener('appinstalled', onInstalled);
    return () => {
      window.removeEventListener('beforeinstallprompt', onPrompt);
      window.removeEventListener('appinstalled', onInstalled);
    };
  }, []);

  const install = useCallback(() => {
    if (!held) return;
    // An event can be replayed once: whatever the user answers, this one is spent.
    setHeld(null);
    void held.prompt().then(
      () => held.userChoice,
      () => undefined,
    );
  }, [held]);

  const dismiss = useCallback(() => {
    setDismissed(true);
    setHeld(null);
    try {
      localStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Storage refused (private mode): the hint comes back next time, nothing worse.
    }
  }, []);

  const offer = installOffer({
    promptHeld: held !== null,
    standalone: installed,
    ios: isIos(navigator.userAgent, navigator.maxTouchPoints),
    dismissed,
  });
  return { offer, install, dismiss };
}
