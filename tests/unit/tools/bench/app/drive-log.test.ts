import { describe, expect, it } from 'vitest';
import { inferenceLoad } from '../../../../../tools/bench/app/drive-log.ts';
import { driveLogCsv } from '../../../../../src/controller/driveLogCsv.ts';
import type { DriveLogRow } from '../../../../../src/controller/driveLog.ts';

const row = (atMs: number, intervalMs: number, frameMs: number, engine = 'int8'): DriveLogRow => ({
  wallMs: atMs,
  atMs,
  notRoad: 0.02,
  smoothed: 0.02,
  camera: 'on',
  intervalMs,
  variant: 'v',
  engine,
  frameMs,
});

describe('inferenceLoad', () => {
  it('sums the inference ms per second of the log, and counts the slow frames', () => {
    // 2 s at 4 fps after a fast start: 9 frames of 10 ms over 2 s, after two slow TF.js frames.
    const rows = Array.from({ length: 9 }, (_, i) => row(i * 250, i < 3 ? 0 : 250, 10));
    const load = inferenceLoad(
      driveLogCsv([row(-900, 0, 400, 'webgl'), row(-450, 0, 400, 'webgl'), ...rows]),
    );
    expect(load).toEqual({
      engine: 'int8',
      seconds: 2,
      frames: 9,
      framesPerSecond: 4,
      inferenceMsPerSecond: 45,
      slowShare: 6 / 9,
    });
  });

  it('needs two rows, and refuses what is not a drive log', () => {
    expect(inferenceLoad(driveLogCsv([row(0, 0, 5)]))).toBeNull();
    expect(() => inferenceLoad('a,b\r\n1,2\r\n')).toThrow(/not a drive log/);
  });
});
