import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchModelFile, ModelFileError } from '../../../../../src/inference/worker/modelFile.ts';

/** A local host whose files answer, fail, stall before headers, or stall mid-body. */
let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/m/ok.bin') res.end(Buffer.alloc(100_000, 7));
    else if (req.url === '/m/missing.bin') res.writeHead(404).end();
    else if (req.url === '/m/mid.bin') {
      res.writeHead(200);
      res.write(Buffer.alloc(1000));
    } // '/m/never.bin': no answer at all
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (globalThis as { self?: unknown }).self = { location: new URL(`${origin}/app/`) };
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as ModelFileError,
  );

describe('fetchModelFile', () => {
  it('reads a whole file', async () => {
    const bytes = await fetchModelFile(`${origin}/m/ok.bin`);
    expect(bytes.length).toBe(100_000);
    expect(bytes[99_999]).toBe(7);
  });

  it('names the file and the HTTP status of a failed fetch', async () => {
    const e = await failure(fetchModelFile(`${origin}/m/missing.bin`));
    expect(e).toBeInstanceOf(ModelFileError);
    expect(e).toMatchObject({
      kind: 'network',
      message: 'm/missing.bin could not be fetched (HTTP 404)',
    });
  });

  it('gives up on a file that never answers, or stops halfway', async () => {
    for (const name of ['never', 'mid']) {
      const e = await failure(fetchModelFile(`${origin}/m/${name}.bin`, 300));
      expect(e).toMatchObject({
        kind: 'network',
        message: `m/${name}.bin did not answer within 0.3 s`,
      });
    }
  });

  it('refuses another origin without fetching', async () => {
    const e = await failure(fetchModelFile('https://example.com/m/model.tflite'));
    expect(e).toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/not on this app's origin/),
    });
  });
});
