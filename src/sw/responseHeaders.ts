import { HOSTING_HEADERS } from './headers.ts';

/**
 * What the service worker puts on every response it serves, the page, its worker scripts and
 * their WASM and models alike: every hosting header (headers.ts: isolation, the CSP, nosniff…)
 * and CORP. On a static host that sends none, a dedicated worker would otherwise run with no
 * CSP at all: it takes its policy from its own script's response, not from the page's <meta>.
 */
export const SERVED_HEADERS: Readonly<Record<string, string>> = {
  ...HOSTING_HEADERS,
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * `response` with every header of `SERVED_HEADERS` it lacks (a header the host sent is kept),
 * and the CSP always added.
 */
export function withServedHeaders(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque') return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [k, v] of Object.entries(SERVED_HEADERS)) {
    if (k === 'Content-Security-Policy') {
      // Added beside a host's own policy, never replaced by it: a browser enforces every policy
      // it is given, so a weaker host policy cannot loosen this one.
      headers.append(k, v);
      changed = true;
    } else if (!headers.has(k)) {
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
