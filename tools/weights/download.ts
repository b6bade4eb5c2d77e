/**
 * Downloads one file to a temporary name beside its destination, hashing it on the way, and
 * renames it into place only when its size and sha256 match: an interrupted or tampered download
 * never takes the real name, so the cache never holds a partial file under a usable name.
 *
 * Hand-written on Node's fetch: a download library would add little over these few lines and
 * none checks a sha256 before the file takes its name.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { progress, type Progress } from '../common/progress.ts';

/** A download that receives nothing for this long is abandoned (a dead proxy hangs forever). */
export const STALL_TIMEOUT_MS = 30_000;

/** Suffix of files being written; never read as weights, and swept before the next attempt. */
export const PARTIAL_SUFFIX = '.partial';

export interface DownloadTarget {
  url: string;
  dest: string;
  bytes: number;
  sha256: string;
}

/** Why a download failed, in one line; `checksum` separates a refused file from a network error. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'checksum',
  ) {
    super(message);
  }
}

/** Removes `<dest>.*.partial` (files or folders) left by an earlier attempt that was killed. */
export async function sweepPartials(dest: string): Promise<void> {
  const dir = dirname(dest);
  const prefix = `${basename(dest)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix) && n.endsWith(PARTIAL_SUFFIX))
      .map((n) => rm(join(dir, n), { recursive: true, force: true })),
  );
}

/**
 * Downloads `t.url` to `t.dest` (renamed into place only when verified), with a progress bar on
 * stderr labelled `label`. Throws `DownloadError`; nothing is left at `dest` or beside it then.
 */
export async function downloadVerified(
  t: DownloadTarget,
  label: string,
  quiet: boolean,
): Promise<void> {
  await mkdir(dirname(t.dest), { recursive: true });
  await sweepPartials(t.dest);
  const tmp = `${t.dest}.${process.pid}${PARTIAL_SUFFIX}`;
  const abort = new AbortController();
  let stall = setTimeout(() => abort.abort(), STALL_TIMEOUT_MS);
  let bar: Progress | undefined;
  try {
    const res = await fetch(t.url, { signal: abort.signal }).catch((err: unknown) => {
      throw new DownloadError(`${t.url}: ${reason(err)}`, 'network');
    });
    if (!res.ok || !res.body) throw new DownloadError(`${t.url}: HTTP ${res.status}`, 'network');
    // Only once the server answers: a refused connection prints one error line, not a bar.
    bar = progress(label, t.bytes, quiet);
    const hash = createHash('sha256');
    const out = createWriteStream(tmp);
    // A full disk ends the download at once (and is not reported as a network fault).
    let writeError: Error | undefined;
    out.once('error', (err) => {
      writeError = err;
      abort.abort();
    });
    let received = 0;
    try {
      const reader = res.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        const chunk = r.value;
        clearTimeout(stall);
        stall = setTimeout(() => abort.abort(), STALL_TIMEOUT_MS);
        hash.update(chunk);
        received += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', () => done()));
        bar.update(received);
      }
    } catch (err) {
      if (writeError) throw new Error(`cannot write ${tmp}: ${writeError.message}`, { cause: err });
      throw new DownloadError(
        `${t.url}: cut off after ${received} of ${t.bytes} bytes (${reason(err)})`,
        'network',
      );
    } finally {
      if (writeError) out.destroy();
      else await new Promise<void>((done) => out.end(() => done()));
    }
    if (received < t.bytes) {
      throw new DownloadError(`${t.url}: cut off after ${received} of ${t.bytes} bytes`, 'network');
    }
    const sha = hash.digest('hex');
    if (received !== t.bytes || sha !== t.sha256) {
      throw new DownloadError(
        `${t.url}: got ${received} bytes with sha256 ${sha}, expected ${t.bytes} bytes with ${t.sha256}: refused, nothing kept`,
        'checksum',
      );
    }
    await rename(tmp, t.dest);
  } finally {
    clearTimeout(stall);
    bar?.stop();
    await rm(tmp, { force: true });
  }
}

/** The innermost cause of a fetch error (undici wraps ECONNREFUSED and the like in `cause`). */
function reason(err: unknown): string {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  if (e instanceof Error && e.name === 'AbortError')
    return `no data for ${STALL_TIMEOUT_MS / 1000} s`;
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.name) : String(e);
}
