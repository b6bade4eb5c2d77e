/** The drive log as CSV (RFC 4180: comma-separated, CRLF, quotes where needed). Pure. */
import type { DriveLogRow } from './driveLog.ts';

/** The header line's columns, in order. */
export const DRIVE_LOG_COLUMNS = [
  'time',
  't_ms',
  'not_road',
  'smoothed',
  'camera',
  'interval_ms',
  'variant',
  'engine',
  'frame_ms',
] as const;

/** A field quoted when it holds a comma, a quote or a line break. */
function field(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line per row, the header first; each line ends with CRLF. */
export function driveLogCsv(rows: readonly DriveLogRow[]): string {
  const lines = [DRIVE_LOG_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        new Date(r.wallMs).toISOString(),
        r.atMs.toFixed(1),
        r.notRoad.toFixed(4),
        r.smoothed.toFixed(4),
        r.camera,
        Math.round(r.intervalMs),
        r.variant,
        r.engine,
        r.frameMs.toFixed(2),
      ]
        .map(field)
        .join(','),
    );
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

/** The file name a saved log gets: `roadgate-drive-2024-05-01T10-20-30.csv`. */
export function driveLogFileName(wallMs: number): string {
  return `roadgate-drive-${new Date(wallMs).toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}
