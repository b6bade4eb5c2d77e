/**
 * Fetching a model file in the worker: from this origin only, with a stall timeout, and with
 * failures sorted by kind (network or damaged) and naming the file, so the page can say what
 * went wrong and what to do.
 */
import { errorMessage } from '../../util/errors.ts';

/**
 * A model file that sends nothing (no headers, or no bytes of its body) for this long is given
 * up on. Measured on progress, not on the whole download: a 3 MB file on a slow link (1.6 Mbit/s)
 * needs ~15 s in all but never stalls.
 */
export const MODEL_STALL_TIMEOUT_MS = 15_000;

/** A model file that could not be used: `network` (never arrived) or `damaged` (unreadable). */
export class ModelFileError extends Error {
  constructor(
    readonly kind: 'network' | 'damaged',
    /** The file's URL. */
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** The last path segment of a URL, for messages: `…/mobilenet_v1_0.5_224/model.tflite`. */
export function shortName(url: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  return parts.slice(-2).join('/');
}

/**
 * Fetches `url` whole. Refuses another origin (the worker's own wall: nothing leaves the phone),
 * aborts when the response stalls for `stallMs`, and throws `ModelFileError('network')` for an
 * HTTP error, an abort or a failed connection.
 */
export async function fetchModelFile(
  url: string,
  stallMs: number = MODEL_STALL_TIMEOUT_MS,
): Promise<Uint8Array> {
  const name = shortName(url);
  if (new URL(url).origin !== self.location.origin) {
    throw new ModelFileError('network', url, `${name} is not on this app's origin: refused`);
  }
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(), stallMs);
  const stalled = () =>
    new ModelFileError('network', url, `${name} did not answer within ${stallMs / 1000} s`);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: abort.signal });
    } catch (err) {
      if (abort.signal.aborted) throw stalled();
      throw new ModelFileError('network', url, `${name} could not be fetched (${errorText(err)})`);
    }
    if (!res.ok)
      throw new ModelFileError('network', url, `${name} could not be fetched (HTTP ${res.status})`);
    if (!res.body) return new Uint8Array(await res.arrayBuffer());
    const chunks: Uint8Array[] = [];
    const reader = res.body.getReader();
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        if (abort.signal.aborted) throw stalled();
        throw new ModelFileError('network', url, `${name} was cut off (${errorText(err)})`);
      }
      if (step.done) break;
      chunks.push(step.value);
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), stallMs);
    }
    return concat(chunks);
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const errorText = (err: unknown): string => errorMessage(err).split('\n')[0] ?? '';
