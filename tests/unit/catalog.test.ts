import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_MODEL_BYTES,
  isInsideVariantFolder,
  parseCatalog,
  sortEntries,
  type CatalogEntry,
} from '../../src/models/catalog.ts';
import {
  CATALOG_TIMEOUT_MS,
  CatalogError,
  fetchCatalog,
  pickVariant,
} from '../../src/models/fetchCatalog.ts';

const entry = (id: string, inputSize: number, width: number): CatalogEntry => ({
  id,
  width,
  inputSize,
  quantization: 'uint8',
  path: `${id}/model.json`,
  bytes: 1000,
  testAccuracy: 0.9,
});

const A = 'mobilenet_v1_0.25_128';
const B = 'mobilenet_v1_0.5_160';
const good = { default: A, variants: [entry(A, 128, 0.25), entry(B, 160, 0.5)] };
/** `good` with its first entry changed. */
const withFirst = (patch: Record<string, unknown>) => ({
  ...good,
  variants: [{ ...entry(A, 128, 0.25), ...patch }, good.variants[1]],
});

const APP = 'https://app.example/roadgate/models/catalog.json';

describe('catalog', () => {
  it('accepts a valid catalog, and the shipped one, as a fresh copy', () => {
    const parsed = parseCatalog(good);
    expect(parsed).toEqual(good);
    expect(parsed.variants[0]).not.toBe(good.variants[0]);
    const shipped: unknown = JSON.parse(readFileSync('models/catalog.json', 'utf8'));
    expect(parseCatalog(shipped).variants).toHaveLength(16);
    expect(parseCatalog(shipped, 'http://127.0.0.1:4173/models/catalog.json').default).toBe(
      'mobilenet_v1_0.5_224',
    );
    expect(parseCatalog(shipped, APP).variants).toHaveLength(16);
  });

  it('drops fields the app does not know', () => {
    expect(parseCatalog(withFirst({ extra: 'x' })).variants[0]).not.toHaveProperty('extra');
  });

  it('rejects a default that is not listed, unknown ids, and missing fields', () => {
    expect(() => parseCatalog({ ...good, default: 'mobilenet_v1_1.0_224' })).toThrow(
      /default "mobilenet_v1_1.0_224" is not among its variants/,
    );
    expect(() => parseCatalog({ variants: good.variants })).toThrow(/lacks "default"/);
    expect(() => parseCatalog({ ...good, variants: [entry('resnet', 224, 1)] })).toThrow(
      /unknown MobileNet variant "resnet"/,
    );
    expect(() => parseCatalog({ default: 'x' })).toThrow(/expected/);
    expect(() => parseCatalog([])).toThrow(/expected/);
    expect(() => parseCatalog({ ...good, variants: [{ id: A }] })).toThrow(
      `models/catalog.json: variant ${A}: lacks "width", "inputSize", "quantization", "path", "bytes", "testAccuracy"`,
    );
    expect(() => parseCatalog({ ...good, variants: [null] })).toThrow(/object/);
  });

  it('rejects an id in another spelling: ids are keys, so only the canonical one', () => {
    expect(() => parseCatalog(withFirst({ id: 'mobilenet_0.25_128' }))).toThrow(
      /unknown MobileNet variant "mobilenet_0.25_128"/,
    );
  });

  it('rejects a width or input size that is not the one its id names', () => {
    expect(() => parseCatalog(withFirst({ inputSize: 16384 }))).toThrow(
      'models/catalog.json: variant mobilenet_v1_0.25_128: inputSize "16384" is not the id\'s 128',
    );
    expect(() => parseCatalog(withFirst({ inputSize: '128' }))).toThrow(/inputSize "128"/);
    expect(() => parseCatalog(withFirst({ width: 1 }))).toThrow(/width "1" is not the id's 0.25/);
    expect(() => parseCatalog(withFirst({ width: undefined }))).toThrow(/lacks "width"/);
  });

  it('rejects a duplicate id and an unknown quantization', () => {
    expect(() =>
      parseCatalog({ ...good, variants: [entry(A, 128, 0.25), entry(A, 128, 0.25)] }),
    ).toThrow('models/catalog.json: variant mobilenet_v1_0.25_128: listed twice');
    expect(() => parseCatalog(withFirst({ quantization: 'int4' }))).toThrow(
      /quantization "int4" is not one of uint8, float16, none/,
    );
  });

  it('rejects sizes and accuracies that are not finite and sane', () => {
    for (const bytes of [0, -1, 1.5, MAX_MODEL_BYTES + 1, '1000', null]) {
      expect(() => parseCatalog(withFirst({ bytes }))).toThrow(/bytes .* is not a whole number/);
    }
    for (const testAccuracy of [-0.1, 1.01, Number.NaN, Infinity, '0.9', null]) {
      expect(() => parseCatalog(withFirst({ testAccuracy }))).toThrow(/testAccuracy/);
    }
  });

  it('accepts an int8 .tflite beside an entry, and checks it like the entry', () => {
    const int8 = { path: `${A}/model.tflite`, bytes: 900, testAccuracy: 0.9 };
    expect(parseCatalog(withFirst({ int8 })).variants[0]?.int8).toEqual(int8);
    expect(() => parseCatalog(withFirst({ int8: { ...int8, path: undefined } }))).toThrow(
      /"int8" lacks "path"/,
    );
    expect(() => parseCatalog(withFirst({ int8: { ...int8, testAccuracy: 2 } }))).toThrow(
      /int8.testAccuracy "2"/,
    );
    expect(() => parseCatalog(withFirst({ int8: { ...int8, path: `${B}/model.tflite` } }))).toThrow(
      /int8.path "mobilenet_v1_0.5_160model.tflite" is not a file under models/,
    );
    expect(() => parseCatalog(withFirst({ int8: 'yes' }))).toThrow(/"int8" is not an object/);
  });

  it('keeps every model path inside models/<id>/ on the catalog origin', () => {
    const inside = (path: string, url = APP): boolean => isInsideVariantFolder(path, A, url);
    expect(inside(`${A}/model.json`)).toBe(true);
    expect(inside(`./${A}/model.json`)).toBe(true);
    expect(inside(`/roadgate/models/${A}/model.json`)).toBe(true);
    for (const bad of [
      `${A}/../${B}/model.json`,
      `${A}/%2e%2e/${B}/model.json`,
      `${A}/.%2E/x`,
      `${A}/..%2f..%2fsecret`,
      `${A}\\..\\..\\x`,
      `../${A}/model.json`,
      `/models/${A}/model.json`,
      `//evil.example/roadgate/models/${A}/model.json`,
      `https://evil.example/roadgate/models/${A}/model.json`,
      `https://app.example/roadgate/models/${A}/model.json`,
      `javascript:alert(1)`,
      `data:application/json,{}`,
      `${A}/model.json?x=1`,
      `${A}/model.json#x`,
      `${A}/`,
      A,
      `${A}x/model.json`,
      'mobilenet_v1_0.25_128/model.json '.repeat(10),
      '',
    ]) {
      expect(inside(bad), bad).toBe(false);
    }
    expect(inside(`${A}/model.json`, 'http://127.0.0.1:4173/models/catalog.json')).toBe(true);
    expect(
      inside(`/roadgate/models/${A}/model.json`, 'http://127.0.0.1:4173/models/catalog.json'),
    ).toBe(false);
  });

  it('quotes a bad path only as a short cleaned token, on one line', () => {
    const path = `https://evil.example/${'a'.repeat(5000)}\n<script>`;
    let message = '';
    try {
      parseCatalog(withFirst({ path }), APP);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      `models/catalog.json: variant ${A}: path "httpsevil.exampleaaaaaaaaaaaaaaa…" is not a file under models/${A}/ on the app's origin`,
    );
  });

  it('orders entries by width, then size', () => {
    const sorted = sortEntries([
      entry('mobilenet_v1_1.0_128', 128, 1),
      entry('mobilenet_v1_0.25_224', 224, 0.25),
      entry(A, 128, 0.25),
    ]);
    expect(sorted.map((e) => e.id)).toEqual([A, 'mobilenet_v1_0.25_224', 'mobilenet_v1_1.0_128']);
  });

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
    const absolute = JSON.stringify(withFirst({ path: `/roadgate/models/${A}/model.json` }));
    await expect(fetchCatalog(APP, answer(absolute))).resolves.toBeDefined();
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
