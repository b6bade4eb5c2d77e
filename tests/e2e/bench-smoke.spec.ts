/** `npm run bench` on one small variant, both CPU engines, 5 runs: the JSON has its fields. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

test('the benchmark runs and writes JSON with every field (numbers are not asserted)', () => {
  test.setTimeout(180_000);
  const catalog = JSON.parse(readFileSync('models/catalog.json', 'utf8'));
  const out = join(mkdtempSync(join(tmpdir(), 'roadgate-bench-')), 'bench.json');
  const stdout = execFileSync(
    'npx',
    [
      'tsx',
      'tools/cli/bench.ts',
      '--variants',
      catalog.default,
      '--backends',
      'int8,wasm',
      '--runs',
      '5',
      '--isolation',
      'false',
      '--peers',
      'false',
      '--json',
      out,
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  expect(stdout).toContain('| variant | backend |');
  const result = JSON.parse(readFileSync(out, 'utf8'));
  expect(result.failures).toEqual([]);
  expect(result.rows.map((r: { backend: string }) => r.backend).sort()).toEqual(['int8', 'wasm']);
  for (const row of result.rows) {
    for (const field of [
      'variant',
      'backend',
      'label',
      'loadMs',
      'firstMs',
      'medianMs',
      'p90Ms',
      'fps',
      'bytes',
      'testAccuracy',
      'gflops',
      'runs',
    ]) {
      expect(row).toHaveProperty(field);
    }
    expect(row.variant).toBe(catalog.default);
    expect(row.runs).toBe(5);
  }
  // The int8 row reports the .tflite's own size and accuracy, not model.json's.
  const entry = catalog.variants.find((v: { id: string }) => v.id === catalog.default);
  const int8 = result.rows.find((r: { backend: string }) => r.backend === 'int8');
  expect(int8.bytes).toBe(entry.int8.bytes);
  expect(result.raw[0].latencies).toHaveLength(5);
});
