/**
 * Content revisions for the catalog the app is built with. The service worker keeps a variant's
 * files under URLs that carry `?rev=<revision>`, so a retrained variant (new bytes, new
 * revision) misses the cache and is fetched anew, and the copy it replaces is dropped. Computed
 * at build time from the files themselves, so a revision can never be stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface RevisedEntry {
  path: string;
  int8?: { path: string };
  revision?: string;
}

/** The weight shards model.json names, relative to the catalog folder. */
function shardPaths(modelsDir: string, modelPath: string): string[] {
  const json = JSON.parse(readFileSync(join(modelsDir, modelPath), 'utf8')) as {
    weightsManifest?: { paths: string[] }[];
  };
  return (json.weightsManifest ?? []).flatMap((g) =>
    g.paths.map((p) => join(dirname(modelPath), p)),
  );
}

/** 16 hex digits of SHA-256 over every file of an entry: model.json, its shards, its .tflite. */
export function entryRevision(modelsDir: string, entry: RevisedEntry): string {
  const hash = createHash('sha256');
  const files = [entry.path, ...shardPaths(modelsDir, entry.path)];
  if (entry.int8) files.push(entry.int8.path);
  for (const file of files) {
    hash.update(file);
    hash.update(readFileSync(join(modelsDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** `catalog.json`'s text with a `revision` on every variant. */
export function withRevisions(catalogText: string, modelsDir: string): string {
  const catalog = JSON.parse(catalogText) as { variants: RevisedEntry[] };
  for (const entry of catalog.variants) entry.revision = entryRevision(modelsDir, entry);
  return `${JSON.stringify(catalog, null, 2)}\n`;
}
