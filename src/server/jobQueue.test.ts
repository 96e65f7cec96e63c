import { describe, expect, it } from 'vitest';
import { after, createJobQueue } from './jobQueue';

describe('per-connection job queue', () => {
  it('runs synchronous jobs at once, in order, without a microtask', () => {
    const seen: number[] = [];
    const q = createJobQueue(() => {});
    q.push(() => void seen.push(1));
    q.push(() => void seen.push(2));
    expect(seen).toEqual([1, 2]);
  });

  it('holds later jobs behind a pending promise, and keeps order when a job pushes another', async () => {
    const seen: string[] = [];
    const q = createJobQueue(() => {});
    let release = () => {};
    q.push(
      () =>
        new Promise<void>(
          (r) =>
            (release = () => {
              seen.push('slow');
              r();
            }),
        ),
    );
    q.push(() => {
      seen.push('a');
      q.push(() => void seen.push('nested'));
      seen.push('a-end');
    });
    q.push(() => void seen.push('b'));
    expect(seen).toEqual([]);
    const idle = q.idle();
    release();
    await idle;
    expect(seen).toEqual(['slow', 'a', 'a-end', 'b', 'nested']);
  });

  it('reports a throwing or rejecting job and goes on with the next', async () => {
    const errors: string[] = [];
    const seen: number[] = [];
    const q = createJobQueue((e) => errors.push((e as Error).message));
    q.push(() => {
      throw new Error('sync');
    });
    q.push(() => Promise.reject(new Error('async')));
    q.push(() => void seen.push(3));
    await q.idle();
    expect(errors).toEqual(['sync', 'async']);
    expect(seen).toEqual([3]);
  });

  it('after() continues synchronously on a value and after the promise otherwise', async () => {
    const seen: number[] = [];
    after(1, (v) => void seen.push(v));
    expect(seen).toEqual([1]);
    const p = after(Promise.resolve(2), (v) => void seen.push(v));
    expect(seen).toEqual([1]);
    await p;
    expect(seen).toEqual([1, 2]);
  });
});
