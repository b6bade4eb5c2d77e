import type { DriveLog } from '../controller/driveLog.ts';
import { driveLogCsv, driveLogFileName } from '../controller/driveLogCsv.ts';
import { saveFile } from './saveFile.ts';

/** "Download drive log": the last rows of the drive as CSV (the developer panel). */
export function DriveLogButton({ log, rows }: { log: DriveLog | null; rows: number }) {
  return (
    <button
      type="button"
      data-testid="drive-log"
      disabled={!log || rows === 0}
      onClick={() =>
        log && saveFile(driveLogCsv(log.rows()), driveLogFileName(Date.now()), 'text/csv')
      }
    >
      Download drive log ({rows} rows)
    </button>
  );
}
