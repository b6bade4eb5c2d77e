/** Reading "road left the view → camera off" from a drive log. */
import { describe, expect, it } from 'vitest';
import { DRIVE_LOG_COLUMNS } from '../../../../../src/controller/driveLogCsv.ts';
import { transitionFromLog } from '../../../../../tools/bench/app/transition.ts';

/** A drive log of (t_ms, raw not-road, planned interval) rows. */
const log = (rows: [number, number, number][]) =>
  [
    DRIVE_LOG_COLUMNS.join(','),
    ...rows.map(([t, p, iv]) => `2026-12-02T00:00:00Z,${t},${p},0,on,${iv},v,int8,7`),
  ].join('\r\n');

describe('transitionFromLog', () => {
  it('finds the last road frame before the final not-road run, and times each to camera off', () => {
    const csv = log([
      [1000, 0.9, 0], // A not-road blip at the start of the session: not the transition.
      [1100, 0.1, 0],
      [1350, 0.05, 250],
      [1600, 0.02, 250],
      [1850, 0.97, 0],
      [1880, 0.99, 0],
      [5600, 0.99, 0],
      [9000, 0.99, 0], // After camera off: ignored.
    ]);
    expect(transitionFromLog(csv, 5650, [1200, 2300])).toEqual({
      intervalAtChangeMs: 250,
      lastRoadFrameToOffMs: 4050,
      firstNotRoadFrameToOffMs: 3800,
      notRoadVerdictToOffMs: 3350,
    });
  });

  it.each([
    ['no road frame before the not-road run', [0.9, 0.95]],
    ['no not-road frame', [0.1, 0.2]],
  ])('is null with %s', (_, probabilities) => {
    const rows = probabilities.map((p, i): [number, number, number] => [100 * (i + 1), p, 0]);
    expect(transitionFromLog(log(rows), 300, [])).toBeNull();
  });

  it('refuses a file that is not a drive log', () => {
    expect(() => transitionFromLog('a,b\r\n1,2', 0, [])).toThrow(/not a drive log/);
  });
});
