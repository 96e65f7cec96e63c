import type { Awaitable } from './roomRegistry';

/** Jobs of one connection, run one at a time in the order they were pushed. */
export interface JobQueue {
  /** Runs `job` after every job pushed before it (at once when the queue is idle). */
  push(job: () => Awaitable<void>): void;
  /** Resolves once every job pushed so far has finished. */
  idle(): Promise<void>;
}

/** Continues with `next` once `value` is there: synchronously when it already is. */
export function after<T>(value: Awaitable<T>, next: (v: T) => Awaitable<void>): Awaitable<void> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Creates an empty queue. A job that finishes synchronously (the in-memory registry) costs no
 * promise and no microtask, which matters at tens of thousands of frames per second; a job that
 * returns a promise (Redis) holds the queue until it settles. A job that throws or rejects is
 * reported to `onError` and the queue goes on.
 */
export function createJobQueue(onError: (err: unknown) => void): JobQueue {
  const waiting: (() => Awaitable<void>)[] = [];
  let busy = false;
  let idleWaiters: (() => void)[] = [];

  /** Runs `job` and then the waiting jobs, until one of them returns a promise. */
  function drain(job: (() => Awaitable<void>) | undefined): void {
    // Busy while a job runs synchronously too: a job that pushes another must not overtake itself.
    busy = true;
    while (job !== undefined) {
      let result: Awaitable<void>;
      try {
        result = job();
      } catch (err) {
        onError(err);
        result = undefined;
      }
      if (result instanceof Promise) {
        result.then(resume, (err: unknown) => {
          onError(err);
          resume();
        });
        return;
      }
      job = waiting.shift();
    }
    busy = false;
    const ws = idleWaiters;
    idleWaiters = [];
    for (const w of ws) w();
  }

  function resume(): void {
    drain(waiting.shift());
  }

  return {
    push(job) {
      if (busy) waiting.push(job);
      else drain(job);
    },
    idle() {
      return busy ? new Promise<void>((r) => idleWaiters.push(r)) : Promise.resolve();
    },
  };
}
