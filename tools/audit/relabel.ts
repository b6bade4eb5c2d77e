/**
 * `--apply`: moves the files a reviewer marked to the other class folder and writes an undo log;
 * `--undo`: puts them back. Nothing is ever deleted or overwritten.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LABELS } from '../data/dataset.ts';
import { UsageError } from '../common/args.ts';

export interface Move {
  /** Paths relative to the image folder. */
  from: string;
  to: string;
  sha256: string;
}

export interface UndoLog {
  imageDir: string;
  appliedAt: string;
  moves: Move[];
}

interface Marked {
  file: string;
  label?: string;
  marked?: boolean;
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/**
 * The entries to move: those with `"marked": true`, or every entry when none has a `marked`
 * field (a list exported from the review page, or a hand-trimmed `--json` list).
 */
export function markedEntries(list: Marked[]): Marked[] {
  const anyMarks = list.some((e) => 'marked' in e);
  return anyMarks ? list.filter((e) => e.marked === true) : list;
}

function inside(imageDir: string, file: string): string {
  const abs = resolve(imageDir, file);
  if (!abs.startsWith(resolve(imageDir) + sep))
    throw new UsageError(`"${file}" is outside ${imageDir}`);
  return abs;
}

/**
 * Moves every marked file to the other class; returns the log, also written to `logFile` unless
 * nothing moved (an empty undo log would only mislead).
 */
export async function applyMoves(
  imageDir: string,
  list: Marked[],
  logFile: string,
  onSkip: (msg: string) => void,
): Promise<UndoLog> {
  const moves: Move[] = [];
  for (const entry of markedEntries(list)) {
    const from = inside(imageDir, entry.file);
    const [folder, ...rest] = relative(imageDir, from).split(sep);
    const label = LABELS.find((l) => l === folder);
    if (!label || rest.length === 0) {
      onSkip(`${entry.file}: not under ${LABELS.join('/ or ')}/`);
      continue;
    }
    const other = LABELS.find((l) => l !== label) as string;
    const toRel = join(other, ...rest);
    const to = inside(imageDir, toRel);
    if (!existsSync(from)) {
      onSkip(`${entry.file}: no such file (already moved?)`);
      continue;
    }
    if (existsSync(to)) {
      onSkip(`${entry.file}: ${toRel} already exists, not overwritten`);
      continue;
    }
    const digest = await sha256(from);
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
    moves.push({ from: relative(imageDir, from), to: toRel, sha256: digest });
    // The log is rewritten after every move: an interrupted run can still be undone.
    await writeLog(logFile, {
      imageDir: resolve(imageDir),
      appliedAt: new Date().toISOString(),
      moves,
    });
  }
  const log = { imageDir: resolve(imageDir), appliedAt: new Date().toISOString(), moves };
  if (moves.length > 0) await writeLog(logFile, log);
  return log;
}

async function writeLog(file: string, log: UndoLog): Promise<void> {
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(log, null, 2)}\n`);
}

/**
 * `--apply FILE`: reads the reviewer's JSON list (`typed`: FILE as the user typed it) and moves
 * its marked files (`applyMoves`).
 * Throws when the list is not one, or when nothing could be moved (no undo log is written then).
 */
export async function applyMarkedFile(
  imageDir: string,
  listFile: string,
  logFile: string,
  onSkip: (msg: string) => void,
  typed = listFile,
): Promise<UndoLog> {
  let list: Marked[];
  try {
    list = JSON.parse(await readFile(listFile, 'utf8'));
    if (!Array.isArray(list)) throw new Error('not an array');
  } catch (err) {
    throw new UsageError(
      `--apply ${typed}: expected a JSON array of {"file", ...} (${(err as Error).message})`,
    );
  }
  const result = await applyMoves(imageDir, list, logFile, onSkip);
  if (result.moves.length === 0) {
    // Exit 0 would read as "done"; an undo log of nothing would only mislead later.
    throw new Error(
      `moved nothing: ${markedEntries(list).length} of the ${list.length} entries in ${listFile} are marked, none could be moved (reasons above); no undo log written`,
    );
  }
  return result;
}

/** Reverses a log's moves, newest first; a file changed since the move is left where it is. */
export async function undoMoves(logFile: string, onSkip: (msg: string) => void): Promise<number> {
  const log = JSON.parse(await readFile(logFile, 'utf8')) as UndoLog;
  let restored = 0;
  for (const m of [...log.moves].reverse()) {
    const at = join(log.imageDir, m.to);
    const back = join(log.imageDir, m.from);
    if (!existsSync(at)) {
      onSkip(`${m.to}: not there any more`);
      continue;
    }
    if (existsSync(back)) {
      onSkip(`${m.from}: exists again, not overwritten`);
      continue;
    }
    if ((await sha256(at)) !== m.sha256) {
      onSkip(`${m.to}: changed since it was moved, left in place`);
      continue;
    }
    await rename(at, back);
    restored++;
  }
  return restored;
}
