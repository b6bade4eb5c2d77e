/**
 * How the app must be served: the response headers of the preview server (vite.config.ts), the
 * list in README's hosting recipe, and the isolation headers the service worker adds to what it
 * serves (responseHeaders.ts). One list, so the three cannot drift apart.
 */

/**
 * Cross-origin isolation: with both, the page gets SharedArrayBuffer and the WASM backend can
 * use threads. Without them the app still works, single-threaded.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * Nothing but the app's own origin. WASM needs 'wasm-unsafe-eval'; TF.js's WASM thread pool
 * starts its workers from blob: URLs; the camera plays from a MediaStream. This is the policy of
 * the page's `<meta>` tag, for static hosts that send no headers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // blob: — the thread pool's workers load TF.js's WASM glue from a blob: URL (importScripts).
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * The header's policy: the meta policy, and no page may frame the app (clickjacking a camera
 * app). Only as a header: browsers ignore `frame-ancestors` in a `<meta>` policy (CSP 3,
 * "frame-ancestors") and Chromium logs an error for it, so the meta tag must not carry it.
 */
export const HEADER_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** What a host should send with every response, besides the isolation headers. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': HEADER_CONTENT_SECURITY_POLICY,
  // A file runs as a script or a style only if it is served as one, whatever its bytes look like.
  'X-Content-Type-Options': 'nosniff',
  // The camera for this origin only: a frame from elsewhere cannot ask for it.
  'Permissions-Policy': 'camera=(self)',
  // Nothing leaves the origin, and if something ever did, the page's address would not go with it.
  'Referrer-Policy': 'no-referrer',
} as const;

/** Every header the app should be served with (`vite preview` sends exactly these). */
export const HOSTING_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  ...SECURITY_HEADERS,
};

/**
 * The `_headers` file that Netlify and Cloudflare Pages read from the site's root: every path
 * gets the hosting headers. The build writes it into dist/ (vite.config.ts).
 */
export function headersFile(headers: Readonly<Record<string, string>> = HOSTING_HEADERS): string {
  const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
  return ['/*', ...lines, ''].join('\n');
}
