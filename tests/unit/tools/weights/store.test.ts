/** Where base weights come from and go: cache folder, mirror and published URLs, the manifest. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cacheDir,
  downloadUrl,
  entryIn,
  layoutPath,
  mirrorUrl,
} from '../../../../tools/weights/locations.ts';
import {
  baseBytes,
  PUBLISHED_BASES,
  type PublishedBase,
} from '../../../../tools/weights/manifest.ts';
import { byHand, tfliteBaseOf } from '../../../../tools/weights/store.ts';

const base = (name: string) => PUBLISHED_BASES.find((b) => b.name === name) as PublishedBase;
const tflite = base('mobilenet_v1_0.25_128_quant');
const layers = base('mobilenet_v1_0.25_224');

describe('the cache folder', () => {
  it('is the flag, else ROADGATE_WEIGHTS_CACHE, else the XDG cache, else ~/.cache', () => {
    const env = { ROADGATE_WEIGHTS_CACHE: '/env', XDG_CACHE_HOME: '/xdg' };
    expect(cacheDir('/flag', env, '/home/u')).toBe('/flag');
    expect(cacheDir(undefined, env, '/home/u')).toBe('/env');
    expect(cacheDir(undefined, { XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe(
      join('/xdg', 'roadgate', 'weights'),
    );
    expect(cacheDir(undefined, {}, '/home/u')).toBe(
      join('/home/u', '.cache', 'roadgate', 'weights'),
    );
  });

  it('treats empty variables as unset', () => {
    expect(cacheDir('', { ROADGATE_WEIGHTS_CACHE: '', XDG_CACHE_HOME: '' }, '/h')).toBe(
      join('/h', '.cache', 'roadgate', 'weights'),
    );
  });
});

describe('download locations', () => {
  it('are raw GitHub files pinned to a commit', () => {
    expect(downloadUrl(tflite, tflite.files[0]!, null)).toBe(
      'https://raw.githubusercontent.com/google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41/mobilenet_v1_0.25_128_quant.tflite',
    );
    expect(downloadUrl(layers, layers.files[1]!, null)).toBe(
      'https://raw.githubusercontent.com/Nemurino-kai/FoodPornBlocker/f9485382dc06fc000a9f90011d02f1e18da641d0/mobilenet_v1_025_224/group1-shard1of1',
    );
  });

  it('on a mirror: each .tflite at its root, a TF.js model in a folder of its name', () => {
    const mirror = mirrorUrl({ ROADGATE_WEIGHTS_MIRROR: 'http://10.0.0.1/w/' });
    expect(mirror).toBe('http://10.0.0.1/w');
    expect(downloadUrl(tflite, tflite.files[0]!, mirror)).toBe(
      'http://10.0.0.1/w/mobilenet_v1_0.25_128_quant.tflite',
    );
    expect(downloadUrl(layers, layers.files[0]!, mirror)).toBe(
      'http://10.0.0.1/w/mobilenet_v1_0.25_224/model.json',
    );
    expect(mirrorUrl({})).toBeNull();
    expect(mirrorUrl({ ROADGATE_WEIGHTS_MIRROR: '' })).toBeNull();
  });

  it('the cache has the mirror layout', () => {
    expect(layoutPath(layers, layers.files[2]!)).toBe('mobilenet_v1_0.25_224/group2-shard1of1');
    expect(entryIn('/c', tflite)).toBe(join('/c', 'mobilenet_v1_0.25_128_quant.tflite'));
    expect(entryIn('/c', layers)).toBe(join('/c', 'mobilenet_v1_0.25_224', 'model.json'));
  });

  it('a failure says in one line where to put the file by hand', () => {
    const line = byHand(tflite, '/c');
    expect(line).toContain('save https://raw.githubusercontent.com/google-coral/test_data/');
    expect(line).toContain(join('/c', 'mobilenet_v1_0.25_128_quant.tflite'));
    expect(byHand(layers, '/c')).toContain(`55 shards from https://github.com/`);
    expect(line).not.toContain('\n');
  });
});

describe('the manifest', () => {
  it('has a .tflite base for every width, with sha256 sums and sizes', () => {
    for (const w of [0.25, 0.5, 0.75, 1]) expect(tfliteBaseOf(w)?.format).toBe('tflite');
    for (const b of PUBLISHED_BASES) {
      expect(b.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(b.files.map((f) => f.path)).toContain(b.entry);
      for (const f of b.files) {
        expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(f.bytes).toBeGreaterThan(0);
      }
      expect(new Set(b.files.map((f) => f.path)).size).toBe(b.files.length);
    }
    // SOURCES.md: json + 55 shards, 1,951,543 bytes.
    expect(layers.files).toHaveLength(56);
    expect(baseBytes(layers)).toBe(1_951_543);
  });
});
