/**
 * BIP-380 output script descriptor checksum (`descsum_create` of the BIP's reference code):
 * a BCH code over the descriptor's characters, 8 characters from the bech32 alphabet.
 */

// BIP-380 "INPUT_CHARSET": its order is part of the algorithm (a character's group of 32 feeds
// the symbol stream), so it is copied exactly, not rearranged.
const INPUT_CHARSET =
  '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ ';
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polymod(symbols: readonly number[]): bigint {
  let chk = 1n;
  for (const value of symbols) {
    const top = chk >> 35n;
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(value);
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GENERATOR[i] as bigint;
  }
  return chk;
}

/** BIP-380 `descsum_expand`: character positions, plus one group symbol per three characters. */
function expand(s: string): number[] {
  const groups: number[] = [];
  const symbols: number[] = [];
  for (const c of s) {
    const v = INPUT_CHARSET.indexOf(c);
    if (v < 0) throw new RangeError(`character ${JSON.stringify(c)} cannot appear in a descriptor`);
    symbols.push(v & 31);
    groups.push(v >> 5);
    if (groups.length === 3) {
      symbols.push((groups[0] as number) * 9 + (groups[1] as number) * 3 + (groups[2] as number));
      groups.length = 0;
    }
  }
  if (groups.length === 1) symbols.push(groups[0] as number);
  else if (groups.length === 2) symbols.push((groups[0] as number) * 3 + (groups[1] as number));
  return symbols;
}

/** The 8-character checksum of `descriptor` (without `#`). */
export function descriptorChecksum(descriptor: string): string {
  const c = polymod([...expand(descriptor), 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1n;
  let out = '';
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)];
  return out;
}

/** `descriptor#checksum`. */
export function withChecksum(descriptor: string): string {
  return `${descriptor}#${descriptorChecksum(descriptor)}`;
}
