/**
 * A stand-in for the published weight locations: serves ../shared/weights on 127.0.0.1 under the
 * layout `ROADGATE_WEIGHTS_MIRROR` expects (each `.tflite` at the root, a TF.js model in a folder
 * named after it). It can tamper with a file or cut a download halfway, and logs every request.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { layoutPath } from '../../tools/weights/locations.ts';
import { PUBLISHED_BASES } from '../../tools/weights/manifest.ts';

export interface Mirror {
  url: string;
  /** Request paths, in order (e.g. `/mobilenet_v1_0.25_128_quant.tflite`). */
  requests: string[];
  /** Paths served with one byte changed. */
  tamper: Set<string>;
  /** Paths whose connection is dropped after half the body (the full length announced). */
  cut: Set<string>;
  close(): Promise<void>;
}

/** Starts a mirror of `weightsDir` (../shared/weights) on a free port. */
export async function startMirror(weightsDir: string): Promise<Mirror> {
  const files = new Map<string, string>(
    PUBLISHED_BASES.flatMap((b) =>
      b.files.map((f) => [`/${layoutPath(b, f)}`, join(weightsDir, b.sharedDir, f.path)] as const),
    ),
  );
  const mirror = { requests: [] as string[], tamper: new Set<string>(), cut: new Set<string>() };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    mirror.requests.push(path);
    const file = files.get(path);
    if (!file) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => {
        const out = Buffer.from(body);
        if (mirror.tamper.has(path)) out[out.length >> 1] = (out[out.length >> 1] ?? 0) ^ 0xff;
        res.writeHead(200, { 'Content-Length': out.length });
        if (!mirror.cut.has(path)) return void res.end(out);
        res.write(out.subarray(0, out.length >> 1), () => res.socket?.destroy());
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    ...mirror,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
