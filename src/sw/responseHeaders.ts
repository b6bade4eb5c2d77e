import { ISOLATION_HEADERS as SERVER_ISOLATION } from './headers.ts';

/** The headers the service worker adds: the server's isolation pair, and CORP on every file. */
export const ISOLATION_HEADERS: Record<string, string> = {
  ...SERVER_ISOLATION,
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Adds cross-origin isolation headers (COOP/COEP) to a response, for static hosts that cannot
 * set headers: the page the service worker serves is then isolated and WASM can use threads.
 */
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
