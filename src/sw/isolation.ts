/**
 * Adds cross-origin isolation headers (COOP/COEP) to a response, for static hosts that cannot
 * set headers: the page the service worker serves is then isolated and WASM can use threads.
 */
export const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function withIsolation(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque') return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [k, v] of Object.entries(ISOLATION_HEADERS)) {
    if (!headers.has(k)) {
      headers.set(k, v);
      changed = true;
    }
  }
  if (!changed) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
