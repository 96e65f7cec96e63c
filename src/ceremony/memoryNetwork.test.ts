import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from './memoryNetwork';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('in-memory network', () => {
  it('broadcasts to every started peer once, deduplicating repeats, and sends to one', async () => {
    const net = createMemoryNetwork();
    const got: Record<string, string[]> = { a: [], b: [], c: [] };
    const ts = (['a', 'b', 'c'] as const).map((id) => {
      const t = net.transport(id);
      t.onEnvelope((b, from) => void got[id]!.push(`${from}:${text(b)}`));
      t.start();
      return t;
    });
    expect(ts[0]!.presence()).toEqual(['b', 'c']);
    ts[0]!.broadcast(bytes('hello'));
    ts[0]!.broadcast(bytes('hello'));
    ts[1]!.send('c', bytes('secret'));
    await net.idle();
    expect(got).toEqual({ a: [], b: ['a:hello'], c: ['a:hello', 'b:secret'] });
  });

  it('a vanished peer neither sends nor receives, and shows as down', async () => {
    const net = createMemoryNetwork();
    const a = net.transport('a');
    const b = net.transport('b');
    const got: string[] = [];
    b.onEnvelope((x) => void got.push(text(x)));
    a.start();
    b.start();
    net.vanish('a');
    a.broadcast(bytes('x'));
    await net.idle();
    expect(got).toEqual([]);
    expect(b.links()).toEqual({ a: 'down' });
    expect(b.presence()).toEqual([]);
  });

  it('an envelope the handler rejects may be delivered again later', async () => {
    const net = createMemoryNetwork();
    const a = net.transport('a');
    const b = net.transport('b');
    let calls = 0;
    b.onEnvelope(() => (++calls === 1 ? false : undefined));
    a.start();
    b.start();
    a.send('b', bytes('m'));
    await net.idle();
    a.send('b', bytes('m'));
    await net.idle();
    expect(calls).toBe(2);
  });
});
