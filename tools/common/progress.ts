/** Progress bars on stderr (cli-progress); in a pipe or CI, a line every few seconds instead. */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, extra?: string, total?: number): void;
  stop(): void;
}

export function progress(label: string, total: number, quiet = false): Progress {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: `${label.padEnd(22)} [{bar}] {percentage}% {value}/{total} eta {eta_formatted} {extra}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { extra: '' });
  return {
    update: (done, extra = '', newTotal) => {
      if (newTotal !== undefined && newTotal !== bar.getTotal()) bar.setTotal(newTotal);
      bar.update(done, { extra });
    },
    stop: () => bar.stop(),
  };
}
