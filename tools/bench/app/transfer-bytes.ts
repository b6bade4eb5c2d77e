/**
 * Bytes as a compressing static host sends them: each dist/ file once, gzipped in Node, tabled
 * and summed; the service worker's precache list; which fetches came before a moment. Pure but
 * for reading dist/ files.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** zlib's best compression, as `gzip -9` or a host's pre-compressed files give. */
export const GZIP_LEVEL = 9;

/** One file of dist/: its size on disk and gzipped, in bytes. */
export interface FileBytes {
  path: string;
  rawBytes: number;
  gzipBytes: number;
}

/** Files with their sizes, their totals (each file once), and the paths dist/ does not hold. */
export interface ByteTable {
  gzipBytes: number;
  rawBytes: number;
  files: FileBytes[];
  /** Requested paths with no file in dist/ (a 404, or a route the server answers itself). */
  notInDist: string[];
}

/** One request seen by the browser: its URL and when it started (epoch ms). */
export interface Fetch {
  url: string;
  startMs: number;
}

/** Gzipped size of `data` at `GZIP_LEVEL`, in bytes. */
export const gzipSize = (data: Uint8Array): number => gzipSync(data, { level: GZIP_LEVEL }).length;

/**
 * The precache list of a built `sw.js`: Workbox's manifest entries `{"revision":…,"url":"…"}`,
 * inlined by vite-plugin-pwa (as tests/e2e/build-artifact.spec.ts reads them).
 */
export function precacheUrls(swSource: string): string[] {
  return [...swSource.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string);
}

/**
 * The dist/ path a URL of `origin` is served from, without query or hash; a folder (`/`, `/?dev`)
 * is its index.html. Null for another origin or a non-http URL (blob:, data:).
 */
export function distPath(url: string, origin: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(u.protocol) || u.origin !== origin) return null;
  const path = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** The distinct dist/ paths of `origin` among `fetches` that started at or before `untilMs`. */
export function pathsFetchedBy(
  fetches: readonly Fetch[],
  origin: string,
  untilMs = Number.POSITIVE_INFINITY,
): string[] {
  const paths = fetches
    .filter((f) => f.startMs <= untilMs)
    .map((f) => distPath(f.url, origin))
    .filter((p): p is string => p !== null);
  return [...new Set(paths)];
}

/** URLs among `fetches` that leave `origin` (http, https or ws; blob: and data: stay local). */
export const offOrigin = (fetches: readonly Fetch[], origin: string): string[] => [
  ...new Set(
    fetches
      .map((f) => f.url)
      .filter((u) => /^(https?|wss?):/.test(u) && new URL(u).origin !== origin),
  ),
];

/** Each of `paths` once, with its raw and gzipped size in `distDir`, largest gzipped first. */
export function gzipTable(distDir: string, paths: readonly string[]): ByteTable {
  const files: FileBytes[] = [];
  const notInDist: string[] = [];
  for (const path of new Set(paths)) {
    const file = join(distDir, path);
    if (!existsSync(file) || !statSync(file).isFile()) {
      notInDist.push(path);
      continue;
    }
    const data = readFileSync(file);
    files.push({ path, rawBytes: data.length, gzipBytes: gzipSize(data) });
  }
  files.sort((a, b) => b.gzipBytes - a.gzipBytes || a.path.localeCompare(b.path));
  return {
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    rawBytes: files.reduce((s, f) => s + f.rawBytes, 0),
    files,
    notInDist,
  };
}

/** Megabytes (10^6 bytes, as the budgets are written) with two decimals. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

export { median } from '../../../src/util/stats.ts';
