/**
 * One scratch folder per test run. A run makes a great many temporary files: the tests' own
 * folders, synthetic camera clips, browser profiles, and the browsers' own files. Each runner's
 * global setup points TMPDIR (which `os.tmpdir()`, Chromium and Firefox all read) at a new folder,
 * and its teardown removes that folder whether the run passed or failed. So repeated runs do not
 * fill the disk, and a test that forgets to clean up costs nothing past its run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The global setup of Vitest and Playwright alike (each calls it, and the function it returns at
 * the end). Makes the run's scratch folder under the system's temporary folder and sets TMPDIR to
 * it for this process and every process it starts afterwards (test workers, browsers). Returns
 * the teardown, which removes the folder and restores TMPDIR.
 */
export default function useRunScratch(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'roadgate-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
