import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CATALOG_TIMEOUT_MS,
  CatalogError,
  fetchCatalog,
  pickVariant,
} from '../../../../src/models/fetchCatalog.ts';
import { siblingUrl } from '../../../../src/models/urls.ts';
import { A, B, good, withFirst, APP } from './fixtures.ts';


describe('pickVariant', () => {
  it('picks ?variant= when listed, else the default with a notice, never throwing', () => {
    expect(pickVariant(good, null)).toEqual({ entry: good.variants[0], notice: null });
    expect(pickVariant(good, B)).toEqual({ entry: good.variants[1], notice: null });
    expect(pickVariant(good, 'mobilenet_v1_1.0_224')).toEqual({
      entry: good.variants[0],
      notice: `Model variant "mobilenet_v1_1.0_224" is not in this build's catalog; running ${A}.`,
    });
    const odd = pickVariant(good, `<b>${'x'.repeat(1000)}</b>`);
    expect(odd.entry.id).toBe(A);
    expect(odd.notice).toMatch(/^Model variant "bxxxx[x]*…" is not in/);
    expect(odd.notice?.length).toBeLessThan(120);
  });
});

describe('fetchCatalog', () => {
  const URL_ = 'http://127.0.0.1:4173/models/catalog.json';
  /** A fetch that answers with `body` and `status`. */
  const answer =
    (body: string, status = 200): typeof fetch =>
    async () =>
      new Response(body, { status });
  const failure = async (p: Promise<unknown>): Promise<CatalogError> => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(CatalogError);
      return err as CatalogError;
    }
    throw new Error('expected a CatalogError');
  };

  it('returns the validated catalog', async () => {
    await expect(fetchCatalog(URL_, answer(JSON.stringify(good)))).resolves.toEqual(good);
  });

  it('says the network failed when fetch rejects', async () => {
    const err = await failure(
      fetchCatalog(URL_, async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(
      /models\/catalog.json\) could not be fetched: check the connection/,
    );
  });

  it('names the HTTP status', async () => {
    const missing = await failure(fetchCatalog(URL_, answer('Not found', 404)));
    expect(missing.kind).toBe('http');
    expect(missing.message).toMatch(/models\/catalog.json is missing \(HTTP 404\)/);
    const busy = await failure(fetchCatalog(URL_, answer('', 503)));
    expect(busy.message).toMatch(/could not be loaded \(HTTP 503\)/);
  });

  it('calls a file that is not JSON damaged, not "Unexpected end of JSON input"', async () => {
    for (const body of ['{"default": "mob', '', '<html>']) {
      const err = await failure(fetchCatalog(URL_, answer(body)));
      expect(err.kind).toBe('damaged');
      expect(err.message).toMatch(
        /^The model list models\/catalog.json is damaged \(not valid JSON\)/,
      );
    }
  });

  it("passes on parseCatalog's one line for JSON that is not a catalog", async () => {
    const tampered = JSON.stringify(withFirst({ inputSize: 16384 }));
    const err = await failure(fetchCatalog(URL_, answer(tampered)));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(/models\/catalog.json: variant mobilenet_v1_0.25_128: inputSize/);
    expect(err.message).not.toContain('\n');
  });

  it('resolves paths against the URL it fetched', async () => {
    const path = `/roadgate/models/${A}/model.json`;
    const absolute = JSON.stringify(withFirst({ path }));
    await expect(fetchCatalog(APP, answer(absolute))).resolves.toMatchObject({
      variants: [{ id: A, path }, { id: B }],
    });
    expect((await failure(fetchCatalog(URL_, answer(absolute)))).kind).toBe('invalid');
  });

  it('gives up within 15 s', () => {
    expect(CATALOG_TIMEOUT_MS).toBeLessThanOrEqual(15_000);
  });

  describe('against a server that stalls', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        // /silent never answers; /trickle sends headers and half a body, then stalls.
        if (req.url === '/trickle') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"default": ');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('ends in the network error when no answer comes in time', async () => {
      for (const path of ['/silent', '/trickle']) {
        const err = await failure(fetchCatalog(`${base}${path}`, fetch, 200));
        expect(err.kind).toBe('network');
        expect(err.message).toContain('could not be fetched (no answer within 0.2 s)');
      }
    });

    it('says the network failed when nothing listens', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      expect((await failure(fetchCatalog(`http://127.0.0.1:${port}/`))).kind).toBe('network');
    });
  });
});

describe('siblingUrl', () => {
  it("resolves a weight shard beside model.json, at model.json's revision", () => {
    const model = 'https://app.example/roadgate/models/mobilenet_v1_0.25_128/model.json?rev=4f025fbf';
    expect(siblingUrl('group1-shard1of1.bin', model)).toBe(
      'https://app.example/roadgate/models/mobilenet_v1_0.25_128/group1-shard1of1.bin?rev=4f025fbf',
    );
    expect(siblingUrl('a.bin', 'https://app.example/models/x/model.json')).toBe(
      'https://app.example/models/x/a.bin',
    );
  });
});
