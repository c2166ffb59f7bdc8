import { KeyedQueue } from './keyed-queue';

/** A promise with its resolve and reject exposed, so that a test decides when a task ends. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after another, in order, even when one fails', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const started = deferred();
    const first = deferred();
    const a = queue.run('p1', async () => {
      events.push('a starts');
      started.resolve();
      await first.promise;
      events.push('a ends');
      throw new Error('a failed');
    });
    const b = queue.run('p1', async () => {
      events.push('b runs');
      return 'b';
    });
    await started.promise;
    expect(events).toEqual(['a starts']);
    first.resolve();
    await expect(a).rejects.toThrow('a failed');
    await expect(b).resolves.toBe('b');
    expect(events).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('lets different keys run side by side, and forgets a key once its tasks are done', async () => {
    const queue = new KeyedQueue();
    const held = deferred();
    const slow = queue.run('p1', () => held.promise);
    const fast = queue.run('p2', async () => 'p2 done');
    await expect(fast).resolves.toBe('p2 done');
    expect(queue.size).toBe(1);
    held.resolve();
    await slow;
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
