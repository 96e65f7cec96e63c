import { isIPv4, isIPv6 } from 'node:net';

/** A client address as the per-address limits count it. */
export interface AddressKey {
  /** What limits are counted under: an IPv4 address, or an IPv6 /64 prefix (`2001:db8:0:1::/64`). */
  readonly key: string;
  /** True for 127.0.0.0/8 and ::1 (also IPv4-mapped): this machine. */
  readonly loopback: boolean;
}

/**
 * Normalises a socket or X-Forwarded-For address for per-address limits. IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`, what a dual-stack socket reports) counts as the IPv4 address. Other IPv6
 * addresses count by their /64: one subscriber is routinely given a whole /64, so counting single
 * addresses would let one host take 2⁶⁴ slots. Anything unparsable counts as itself.
 */
export function addressKey(raw: string): AddressKey {
  const ip = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = mapped?.[1] ?? ip;
  if (isIPv4(v4)) return { key: v4, loopback: v4.startsWith('127.') };
  if (!isIPv6(ip)) return { key: ip, loopback: false };
  const groups = expandIPv6(ip);
  const loopback = groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
  return {
    key: `${groups
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`,
    loopback,
  };
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted quad converted). */
function expandIPv6(ip: string): number[] {
  let text = ip.split('%')[0] as string; // a zone id (fe80::1%eth0) is not part of the address
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => Number.parseInt(g, 16));
}
