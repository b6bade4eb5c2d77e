/**
 * Whether to offer the install, and how. Chromium browsers hand the page a
 * `beforeinstallprompt` event that an in-app button can replay; Safari on iOS has no such event,
 * and its only path is Share > Add to Home Screen, so it gets a hint instead. Pure: facts in,
 * what to show out.
 */

export interface InstallFacts {
  /** A `beforeinstallprompt` event is held, not yet used. */
  promptHeld: boolean;
  /** Running as an installed app (display-mode standalone, or iOS's navigator.standalone). */
  standalone: boolean;
  /** iOS or iPadOS, where every browser is WebKit and installs only from Share. */
  ios: boolean;
  /** The user closed the hint or the button before. */
  dismissed: boolean;
}

export type InstallOffer = 'button' | 'ios-hint' | 'none';

export function installOffer(f: InstallFacts): InstallOffer {
  if (f.standalone || f.dismissed) return 'none';
  if (f.promptHeld) return 'button';
  return f.ios ? 'ios-hint' : 'none';
}

/**
 * iPhone, iPod, and iPad (which since iPadOS 13 says "Macintosh": told apart from a Mac by its
 * touch screen).
 */
export function isIos(userAgent: string, maxTouchPoints: number): boolean {
  return /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
}
