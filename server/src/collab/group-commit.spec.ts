import { GroupCommit } from './group-commit';
import type { PendingUpdate } from './collab.repository';

const update = (n: number): PendingUpdate => ({ documentName: 'doc', update: new Uint8Array([n]), authorId: null });

describe('GroupCommit', () => {
  it('batches updates that arrive while a write is in flight, and resolves each with its id', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    let counter = 0;
    const commit = new GroupCommit(async (batch) => {
      batches.push(batch.map((u) => u.update[0]));
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return batch.map(() => String(++counter));
    });
    const first = commit.commit(update(1));
    const rest = [commit.commit(update(2)), commit.commit(update(3)), commit.commit(update(4))];
    release();
    expect(await first).toBe('1');
    expect(await Promise.all(rest)).toEqual(['2', '3', '4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every update of a failed batch and carries on with the next', async () => {
    let fail = true;
    const commit = new GroupCommit(async (batch) => {
      if (fail) {
        fail = false;
        throw new Error('database down');
      }
      return batch.map((_, i) => String(i + 1));
    });
    await expect(commit.commit(update(1))).rejects.toThrow('database down');
    await expect(commit.commit(update(2))).resolves.toBe('1');
  });

  it('never resolves before the write has finished', async () => {
    let written = false;
    const commit = new GroupCommit(async (batch) => {
      await new Promise((r) => setTimeout(r, 20));
      written = true;
      return batch.map(() => '1');
    });
    await commit.commit(update(1));
    expect(written).toBe(true);
  });
});
