/**
 * The built service worker: vite-plugin-pwa compiles src/sw/sw.ts (vite.config.ts `filename`) to
 * sw.js at the root of the build, under the app's base path.
 */
export const SW_URL = `${import.meta.env.BASE_URL}sw.js`;

/**
 * The worker's script can be fetched from the server now, so a repair (register, or unregister
 * and register) can finish: asked of the server itself, not of `navigator.onLine`.
 */
export async function scriptReachable(): Promise<boolean> {
  try {
    const res = await fetch(SW_URL, { cache: 'no-store' });
    // A captive portal answers 200 with its login page, often after a redirect: that is not the
    // script, and a reinstall would unregister the worker it then fails to replace.
    const type = res.headers.get('content-type') ?? '';
    return res.ok && !res.redirected && /javascript/i.test(type);
  } catch {
    return false;
  }
}
