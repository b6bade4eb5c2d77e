/**
 * Command-line flags in retrain.py's style: `--flag=value` and `--flag value`, snake_case or
 * kebab-case, booleans as `--flag`, `--flag true` or `--flag=false`.
 *
 * Hand-written because node:util's parseArgs rejects a value after a boolean flag
 * (`--flip_left_right true`, as the 2017 article writes it).
 */

/** A bad flag or bad input: the tools print its message on one line and exit with code 2. */
export class UsageError extends Error {}

export type FlagType = 'string' | 'number' | 'boolean' | 'list';

export interface FlagSpec {
  type: FlagType;
  default?: string | number | boolean | string[];
  help: string;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

export interface Parsed {
  flags: FlagValues;
  positionals: string[];
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/** Parses `argv` (without node and script) against `spec`. Throws `UsageError` on bad input. */
export function parseFlags(argv: readonly string[], spec: Record<string, FlagSpec>): Parsed {
  const flags: FlagValues = {};
  const positionals: string[] = [];
  for (const [name, s] of Object.entries(spec)) flags[name] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)).replaceAll('-', '_');
    const s = spec[name];
    if (!s) throw new UsageError(`unknown flag --${name}; see --help`);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (s.type === 'boolean') {
      const next = argv[i + 1];
      if (value === undefined && next !== undefined && next.toLowerCase() in BOOLEAN_WORDS) {
        value = next;
        i++;
      }
      const b = value === undefined ? true : BOOLEAN_WORDS[value.toLowerCase()];
      if (b === undefined) throw new UsageError(`--${name} takes true or false, not "${value}"`);
      flags[name] = b;
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
    }
    if (s.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) {
        throw new UsageError(`--${name} takes a number, not "${value}"`);
      }
      flags[name] = n;
    } else if (s.type === 'list') {
      flags[name] = value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    } else {
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

/** The help text of a tool: usage line, then one line per flag with its default. */
export function helpText(usage: string, spec: Record<string, FlagSpec>): string {
  const lines = Object.entries(spec).map(([name, s]) => {
    const def = s.default === undefined ? '' : ` (default: ${String(s.default)})`;
    return `  --${name.padEnd(26)} ${s.help}${def}`;
  });
  return [`usage: ${usage}`, '', ...lines].join('\n');
}

/**
 * Runs a tool's main: prints a `UsageError` (or any error) as one line and exits 2 (usage) or 1,
 * else with `process.exitCode` (0 unless main set it).
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => exitAfterFlush(Number(process.exitCode ?? 0)),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      return exitAfterFlush(err instanceof UsageError ? 2 : 1);
    },
  );
}

/** Resolves once `stream` has handed on everything written to it before this call. */
const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => stream.write('', () => resolve()));

/**
 * Exits with `code` once stdout and stderr are flushed: where they are pipes and asynchronous
 * (macOS, Windows), exiting at once would cut a long `--json` short for the program reading it.
 * The tools that only use TF.js end on their own; the exit stays forced so that a handle left
 * open (a browser, a preview server, a WASM worker) can never keep a finished tool running.
 */
async function exitAfterFlush(code: number): Promise<void> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
