/**
 * Whether the page runs as an installed app: `display-mode: standalone`, or iOS's own
 * `navigator.standalone`, which Home Screen web apps had before iOS read the manifest's display.
 */
export function isStandalone(): boolean {
  return (
    matchMedia('(display-mode: standalone)').matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true
  );
}
