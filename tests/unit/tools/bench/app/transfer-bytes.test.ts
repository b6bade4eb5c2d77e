import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  distPath,
  gzipSize,
  gzipTable,
  median,
  offOrigin,
  pathsFetchedBy,
  precacheUrls,
} from '../../../../../tools/bench/app/transfer-bytes.ts';

const ORIGIN = 'http://127.0.0.1:4182';

describe('transfer bytes', () => {
  it('reads the precache list from a built sw.js', () => {
    const sw =
      'self.__WB_MANIFEST;e([{"revision":"3f1c","url":"index.html"},{"revision":null,"url":"assets/worker-Ab1.js"},{"revision":"9e","url":"models/catalog.json"}],{})';
    expect(precacheUrls(sw)).toEqual(['index.html', 'assets/worker-Ab1.js', 'models/catalog.json']);
    expect(precacheUrls('no manifest here')).toEqual([]);
  });

  it('maps same-origin URLs to dist/ paths, folders to index.html, and drops other origins', () => {
    expect(distPath(`${ORIGIN}/`, ORIGIN)).toBe('index.html');
    expect(distPath(`${ORIGIN}/?dev&backend=wasm`, ORIGIN)).toBe('index.html');
    expect(distPath(`${ORIGIN}/assets/a.wasm#x`, ORIGIN)).toBe('assets/a.wasm');
    expect(distPath(`${ORIGIN}/index.html?__WB_REVISION__=1`, ORIGIN)).toBe('index.html');
    expect(distPath(`${ORIGIN}/models/mobilenet%20v1/model.json`, ORIGIN)).toBe(
      'models/mobilenet v1/model.json',
    );
    expect(distPath('https://odml.pa.googleapis.com/v1/log', ORIGIN)).toBeNull();
    expect(distPath(`blob:${ORIGIN}/6f1a`, ORIGIN)).toBeNull();
    expect(distPath('data:text/plain,hi', ORIGIN)).toBeNull();
  });

  it('keeps each path once, up to a moment, and lists the requests that leave the origin', () => {
    const fetches = [
      { url: `${ORIGIN}/`, startMs: 100 },
      { url: `${ORIGIN}/assets/app.js`, startMs: 150 },
      { url: `${ORIGIN}/assets/app.js`, startMs: 900 },
      { url: 'https://odml.pa.googleapis.com/v1/log', startMs: 950 },
      { url: `${ORIGIN}/sw.js`, startMs: 1_000 },
    ];
    expect(pathsFetchedBy(fetches, ORIGIN, 500)).toEqual(['index.html', 'assets/app.js']);
    expect(pathsFetchedBy(fetches, ORIGIN)).toEqual(['index.html', 'assets/app.js', 'sw.js']);
    expect(offOrigin(fetches, ORIGIN)).toEqual(['https://odml.pa.googleapis.com/v1/log']);
  });

  it('gzips dist/ files at level 9, largest first, and lists what dist/ lacks', () => {
    const dist = mkdtempSync(join(tmpdir(), 'roadgate-dist-'));
    mkdirSync(join(dist, 'assets'));
    const big = Buffer.from('road '.repeat(10_000));
    const small = Buffer.from('<!doctype html><title>Roadgate</title>');
    writeFileSync(join(dist, 'assets', 'big.js'), big);
    writeFileSync(join(dist, 'index.html'), small);
    const t = gzipTable(dist, ['index.html', 'assets/big.js', 'index.html', 'assets', 'gone.js']);
    expect(t.files.map((f) => f.path)).toEqual(['assets/big.js', 'index.html']);
    expect(t.files[0]).toEqual({
      path: 'assets/big.js',
      rawBytes: big.length,
      gzipBytes: gzipSize(big),
    });
    expect(t.rawBytes).toBe(big.length + small.length);
    expect(t.gzipBytes).toBe(gzipSize(big) + gzipSize(small));
    expect(t.notInDist).toEqual(['assets', 'gone.js']);
    // Level 9 is never larger than the default level, and the gzip is a real one.
    expect(gzipSize(big)).toBeLessThanOrEqual(gzipSync(big).length);
    expect(gunzipSync(gzipSync(big, { level: 9 })).equals(big)).toBe(true);
  });

  it('takes the median of the cold starts', () => {
    expect(median([1_400, 900, 1_100])).toBe(1_100);
    expect(median([])).toBeNaN();
  });
});
