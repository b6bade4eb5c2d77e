import { describe, expect, it } from 'vitest';
import { assertNever, BACKENDS, TF_BACKENDS } from '../../../../src/inference/protocol.ts';

describe('worker protocol', () => {
  it('tries the integer engine first, then the TF.js backends in their order', () => {
    expect(BACKENDS).toEqual(['int8', 'webgl', 'wasm', 'cpu']);
    expect(TF_BACKENDS).toEqual(BACKENDS.filter((b) => b !== 'int8'));
  });

  it('assertNever throws on a message type nobody handles', () => {
    expect(() => assertNever({ type: 'nope' } as never)).toThrow(/unhandled message/);
  });
});
