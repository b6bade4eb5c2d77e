import { describe, expect, it, vi } from 'vitest';
import { SerialQueue } from '../../../../../src/inference/worker/queue.ts';

/** A promise the test settles. */
function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SerialQueue', () => {
  it('runs tasks one at a time, in the order given', async () => {
    const queue = new SerialQueue(() => undefined);
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run(async () => {
      order.push('first starts');
      await gate.promise;
      order.push('first ends');
    });
    const second = queue.run(() => void order.push('second'));
    await Promise.resolve();
    expect(order).toEqual(['first starts']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second']);
  });

  it('reports a task that throws, rejects its caller, and goes on with the next', async () => {
    const report = vi.fn();
    const queue = new SerialQueue(report);
    const failing = queue.run(() => {
      throw new Error('boom');
    });
    const next = vi.fn();
    const after = queue.run(next);
    await expect(failing).rejects.toThrow('boom');
    await after;
    expect(next).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ message: 'boom' }));
  });
});
