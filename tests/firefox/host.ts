/**
 * The two servers of a Firefox test: the built app on the plainest static host (like
 * tests/e2e/plainHost.ts: no CSP, no isolation headers, no caching rules, only a content type),
 * and a proxy that every request for another host goes to and that answers none of them.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/** Content types by extension, as Python's http.server sends them for the built app's files. */
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/vnd.microsoft.icon',
};

export interface Listening {
  /** `http://127.0.0.1:PORT`, a port the OS gave. */
  origin: string;
  /** What reached this server, in order: `METHOD path` (static host) or the request's target. */
  log: string[];
  /** Stops answering: open connections are cut, new ones refused. */
  close(): Promise<void>;
}

async function listen(server: Server, log: string[]): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves the folder `dir` (the built app) on a free port of 127.0.0.1. */
export function staticHost(dir: string): Promise<Listening> {
  const log: string[] = [];
  const server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.endsWith('/')) path += 'index.html';
    readFile(join(dir, path)).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  return listen(server, log);
}

/**
 * A proxy for every other host: it logs each request (`GET http://host/path`, or `CONNECT
 * host:443` for HTTPS and WebSockets) and refuses it. The browser never sends 127.0.0.1 to a
 * proxy, so the app's own origin goes direct.
 */
export async function refusingProxy(): Promise<
  Listening & { prefs: Record<string, string | number> }
> {
  const log: string[] = [];
  const server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req: { url?: string }, socket: { destroy(): void }) => {
    log.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  const listening = await listen(server, log);
  const port = Number(new URL(listening.origin).port);
  const prefs = {
    'network.proxy.type': 1, // Manual proxy configuration.
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': port,
  };
  return { ...listening, prefs };
}
