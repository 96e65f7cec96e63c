import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoomLog } from './roomLog';

interface Entry {
  from: string;
  to: string | undefined;
  data: string;
}

const peer = fc.constantFrom('alice', 'bob', 'carol', 'dave');
const text = fc.constantFrom('QUJD', 'QUJE', 'QQ==', 'QUJDRA==', 'x'.repeat(3000), 'y'.repeat(3000));
const entry = fc.record({ from: peer, to: fc.option(peer, { nil: undefined }), data: text });

describe('room log', () => {
  it('finds a resend of the same envelope to the same audience, and nothing else', () => {
    const log = createRoomLog();
    log.append('alice', undefined, 'QUJD');
    expect(log.has(undefined, 'QUJD')).toBe(true);
    expect(log.has('bob', 'QUJD')).toBe(false);
    expect(log.has(undefined, 'QUJE')).toBe(false);
    // An audience the log never named has received nothing.
    expect(log.has('zoe', 'QUJD')).toBe(false);
  });

  it('property: same answers as a plain list (also read one entry at a time)', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 120 }),
        fc.array(entry, { maxLength: 20 }),
        peer,
        (entries, queries, reader) => {
          const log = createRoomLog();
          const model: Entry[] = [];
          const same = (a: Entry, b: Entry) => a.to === b.to && a.data === b.data;
          for (const e of entries) {
            const dup = model.some((m) => same(m, e));
            expect(log.has(e.to, e.data)).toBe(dup);
            if (!dup) {
              log.append(e.from, e.to, e.data);
              model.push(e);
            }
          }
          expect(log.length).toBe(model.length);
          for (const q of queries) expect(log.has(q.to, q.data)).toBe(model.some((m) => same(m, q)));
          const seen: Entry[] = [];
          log.forEachVisibleTo(reader, (from, to, data) => {
            seen.push({ from, to, data });
          });
          const visible = model.filter((m) => m.from !== reader && (m.to === undefined || m.to === reader));
          expect(seen).toEqual(visible);
          expect(log.countVisibleTo(reader)).toBe(visible.length);
          // Read one entry at a time, resuming where the last read stopped (a paced replay).
          const paced: Entry[] = [];
          for (let at = 0, more = true; more;) {
            more = false;
            at = log.forEachVisibleTo(
              reader,
              (from, to, data) => {
                paced.push({ from, to, data });
                more = true;
                return false;
              },
              at,
            );
          }
          expect(paced).toEqual(visible);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a newcomer who is in no entry sees every envelope sent to everyone, and only those', () => {
    const log = createRoomLog();
    log.append('alice', undefined, 'QUJD');
    log.append('alice', 'bob', 'QUJE');
    const seen: string[] = [];
    log.forEachVisibleTo('erin', (_, __, data) => {
      seen.push(data);
    });
    expect(seen).toEqual(['QUJD']);
    expect(log.countVisibleTo('erin')).toBe(1);
  });

  it('keeps thousands of entries findable', () => {
    const log = createRoomLog();
    const data = Array.from({ length: 5000 }, (_, i) => Buffer.from(`envelope ${i}`).toString('base64'));
    data.forEach((d, i) => log.append(`p${i % 7}`, undefined, d));
    expect(data.every((d) => log.has(undefined, d))).toBe(true);
    expect(log.has(undefined, 'bm90IHRoZXJl')).toBe(false);
  });
});
