/**
 * A growable column of 32-bit integers in a typed array: its numbers live outside the JS heap,
 * so a column of a hundred thousand entries is one small object to the garbage collector, and
 * growing it copies bytes, not tagged values that the next scavenge must visit.
 */
export interface Int32Column {
  readonly length: number;
  push(value: number): void;
  at(i: number): number;
}

export function createInt32Column(initialCapacity = 16): Int32Column {
  let data = new Int32Array(initialCapacity);
  let length = 0;
  return {
    get length() {
      return length;
    },
    push(value) {
      if (length === data.length) {
        const grown = new Int32Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
      data[length++] = value;
    },
    at(i) {
      if (i < 0 || i >= length) throw new RangeError(`index ${i} outside 0..${length - 1}`);
      return data[i] as number;
    },
  };
}
