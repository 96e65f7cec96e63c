/**
 * Optional, in-memory speed-ups a shell may keep per participant and pass to step():
 * decoded curve points (so each commitment is decompressed once, not in every check) and the
 * hashes of envelope bytes whose signature already verified (so re-delivered copies are not
 * re-verified). Pure memoisation: results are identical with or without it. Never persisted.
 */
import { createPointCache, type PointCache } from './dkg/index.js';
import { getSuite, type SuiteName } from './suites.js';

const MAX_ENTRIES = 20_000;

export interface ProtocolCache {
  points(suite: SuiteName): PointCache;
  /** Has this exact wire text been verified before? */
  isVerified(text: string): boolean;
  markVerified(text: string): void;
  /** Memo of a pure function of a string (e.g. parsing a stored envelope). */
  memo<T>(kind: string, key: string, compute: () => T): T;
}

export function createProtocolCache(): ProtocolCache {
  let points = new Map<SuiteName, PointCache>();
  let verified = new Set<string>();
  let memos = new Map<string, unknown>();
  return {
    memo<T>(kind: string, key: string, compute: () => T): T {
      const k = `${kind}\u0000${key}`;
      if (memos.has(k)) return memos.get(k) as T;
      const v = compute();
      if (memos.size > MAX_ENTRIES) memos = new Map();
      memos.set(k, v);
      return v;
    },
    points(suite) {
      let c = points.get(suite);
      if (!c || c.size > MAX_ENTRIES) {
        if (points.size > 6) points = new Map();
        c = createPointCache(getSuite(suite));
        points.set(suite, c);
      }
      return c;
    },
    isVerified: (text) => verified.has(text),
    markVerified(text) {
      if (verified.size > MAX_ENTRIES) verified = new Set();
      verified.add(text);
    },
  };
}
