/** Where the tools find things by default. `../shared` sits beside the checkout (see README). */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.ROADGATE_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
export const WEIGHTS_DIR = join(SHARED_DIR, 'weights');
export const SYNSETS_FILE = join(WEIGHTS_DIR, 'imagenet_synsets.txt');
export const DATASET_DIR = join(SHARED_DIR, 'datasets', 'road-not-road');
export const MODELS_DIR = join(REPO_ROOT, 'models');

export const sharedPresent = (): boolean => existsSync(DATASET_DIR) && existsSync(WEIGHTS_DIR);

/**
 * A path the user typed, resolved against the folder they ran the command from: `npm run` runs
 * scripts in the repository root but keeps that folder in `INIT_CWD`. URLs pass through.
 */
export function userPath(p: string, env: Record<string, string | undefined> = process.env): string {
  if (/^https?:\/\//.test(p) || isAbsolute(p)) return p;
  return resolve(env.INIT_CWD ?? process.cwd(), p);
}
