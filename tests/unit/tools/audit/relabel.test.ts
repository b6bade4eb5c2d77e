import { describe, expect, it } from 'vitest';
import { markedEntries } from '../../../../tools/audit/relabel.ts';

describe('relabel', () => {
  it('takes the marked entries of a list, or all of a list without marks', () => {
    expect(
      markedEntries([{ file: 'a', marked: true }, { file: 'b', marked: false }, { file: 'c' }]).map(
        (e) => e.file,
      ),
    ).toEqual(['a']);
    expect(markedEntries([{ file: 'a' }, { file: 'b' }]).map((e) => e.file)).toEqual(['a', 'b']);
  });
});
