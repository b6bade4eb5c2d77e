import { describe, expect, it } from 'vitest';
import { DriveLog, type DriveLogRow } from '../../../../src/controller/driveLog.ts';
import {
  DRIVE_LOG_COLUMNS,
  driveLogCsv,
  driveLogFileName,
} from '../../../../src/controller/driveLogCsv.ts';

const row = (atMs: number, patch: Partial<DriveLogRow> = {}): DriveLogRow => ({
  wallMs: Date.UTC(2024, 4, 1, 10, 20, 30) + atMs,
  atMs,
  notRoad: 0.03,
  smoothed: 0.5,
  camera: 'on',
  intervalMs: 250,
  variant: 'mobilenet_v1_0.25_128',
  engine: 'int8',
  frameMs: 4.567,
  ...patch,
});

describe('DriveLog', () => {
  it('keeps the last rows, oldest first', () => {
    const log = new DriveLog(3);
    expect(log.rows()).toEqual([]);
    [1, 2].forEach((t) => log.push(row(t)));
    expect(log.rows().map((r) => r.atMs)).toEqual([1, 2]);
    [3, 4, 5, 6, 7].forEach((t) => log.push(row(t)));
    expect(log.size).toBe(3);
    expect(log.rows().map((r) => r.atMs)).toEqual([5, 6, 7]);
  });
});

describe('driveLogCsv', () => {
  it('writes the header, then one line per row', () => {
    const csv = driveLogCsv([row(0), row(1234.56, { camera: 'off', intervalMs: 0 })]);
    expect(csv.split('\r\n')).toEqual([
      'time,t_ms,not_road,smoothed,camera,interval_ms,variant,engine,frame_ms',
      '2024-05-01T10:20:30.000Z,0.0,0.0300,0.5000,on,250,mobilenet_v1_0.25_128,int8,4.57',
      '2024-05-01T10:20:31.234Z,1234.6,0.0300,0.5000,off,0,mobilenet_v1_0.25_128,int8,4.57',
      '',
    ]);
    expect(DRIVE_LOG_COLUMNS).toHaveLength(9);
  });

  it('is only a header without rows', () => {
    expect(driveLogCsv([])).toBe(`${DRIVE_LOG_COLUMNS.join(',')}\r\n`);
  });

  it('quotes a field with a comma or a quote', () => {
    const csv = driveLogCsv([row(0, { variant: 'a,b', engine: 'say "x"' })]);
    expect(csv.split('\r\n')[1]).toContain(',"a,b","say ""x""",');
  });

  it('names the file by the time it was saved, with no colon', () => {
    expect(driveLogFileName(Date.UTC(2024, 4, 1, 10, 20, 30))).toBe(
      'roadgate-drive-2024-05-01T10-20-30.csv',
    );
  });
});
