import type { DriveLog } from '../controller/driveLog.ts';
import { driveLogCsv, driveLogFileName } from '../controller/driveLogCsv.ts';

/** Saves `csv` as a file: a Blob behind a one-off <a download>, its URL released after. */
function saveCsv(csv: string, name: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has taken the Blob once click() returns; the URL is not needed past this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Download drive log": the last rows of the drive as CSV (the developer panel). */
export function DriveLogButton({ log, rows }: { log: DriveLog | null; rows: number }) {
  return (
    <button
      type="button"
      data-testid="drive-log"
      disabled={!log || rows === 0}
      onClick={() => log && saveCsv(driveLogCsv(log.rows()), driveLogFileName(Date.now()))}
    >
      Download drive log ({rows} rows)
    </button>
  );
}
