/** Paths are the user's: read from where they ran the command (INIT_CWD). */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userPath } from '../../../../tools/common/paths.ts';

describe('userPath', () => {
  it('resolves against the folder npm was run from', () => {
    expect(userPath('road/x.jpg', { INIT_CWD: '/home/u/data' })).toBe('/home/u/data/road/x.jpg');
    expect(userPath('../models/m', { INIT_CWD: '/home/u/data' })).toBe('/home/u/models/m');
  });
  it('keeps absolute paths and URLs, and falls back to the working folder', () => {
    expect(userPath('/abs/x', { INIT_CWD: '/home/u' })).toBe('/abs/x');
    expect(userPath('https://h/model.json', { INIT_CWD: '/home/u' })).toBe('https://h/model.json');
    expect(userPath('x', {})).toBe(resolve('x'));
  });
});
