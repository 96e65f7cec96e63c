/**
 * TEST ONLY. An independent BIP-341 signature hash, written from the BIP's text
 * ("Common signature message", key path, no annex) and checked against the BIP's own
 * wallet-test-vectors, to recompute the sighash of a transaction without @scure/btc-signer.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';

export interface RawTx {
  version: Uint8Array; // 4 bytes LE, as serialised
  inputs: { outpoint: Uint8Array; sequence: Uint8Array }[];
  outputs: Uint8Array[]; // amount (8 LE) || compact size || script
  lockTime: Uint8Array;
  /** Per input, its witness stack (empty without segwit marker). */
  witnesses: Uint8Array[][];
}

function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 255, n >> 8);
  throw new Error('script too large for this helper');
}

function readCompact(b: Uint8Array, o: number): [number, number] {
  const f = b[o]!;
  if (f < 0xfd) return [f, o + 1];
  if (f === 0xfd) return [b[o + 1]! | (b[o + 2]! << 8), o + 3];
  throw new Error('unsupported compact size');
}

/** Parses a serialised transaction (without or with segwit marker; witnesses skipped). */
export function parseRawTx(b: Uint8Array): RawTx {
  const version = b.slice(0, 4);
  let o = 4;
  const segwit = b[o] === 0 && b[o + 1] === 1;
  if (segwit) o += 2;
  let n: number;
  [n, o] = readCompact(b, o);
  const inputs: RawTx['inputs'] = [];
  for (let i = 0; i < n; i++) {
    const outpoint = b.slice(o, o + 36);
    o += 36;
    let l: number;
    [l, o] = readCompact(b, o);
    o += l;
    inputs.push({ outpoint, sequence: b.slice(o, o + 4) });
    o += 4;
  }
  [n, o] = readCompact(b, o);
  const outputs: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const start = o;
    o += 8;
    let l: number;
    [l, o] = readCompact(b, o);
    o += l;
    outputs.push(b.slice(start, o));
  }
  const witnesses: Uint8Array[][] = inputs.map(() => []);
  if (segwit)
    for (let i = 0; i < inputs.length; i++) {
      let items: number;
      [items, o] = readCompact(b, o);
      for (let k = 0; k < items; k++) {
        let l: number;
        [l, o] = readCompact(b, o);
        witnesses[i]!.push(b.slice(o, o + l));
        o += l;
      }
    }
  if (o + 4 !== b.length) throw new Error('trailing or missing bytes');
  return { version, inputs, outputs, lockTime: b.slice(o, o + 4), witnesses };
}

function u64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

function u32le(v: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, v, true);
  return out;
}

function tagged(tag: string, msg: Uint8Array): Uint8Array {
  const t = sha256(new TextEncoder().encode(tag));
  return sha256(concatBytes(t, t, msg));
}

/** 0x00 ‖ BIP-341 SigMsg(hash_type, ext_flag = 0) without annex, and its TapSighash. */
export function bip341KeyPathSighash(
  tx: RawTx,
  index: number,
  spent: readonly { script: Uint8Array; amount: bigint }[],
  hashType: number,
): { sigMsg: Uint8Array; sigHash: Uint8Array } {
  const acp = (hashType & 0x80) !== 0;
  const out = hashType & 3;
  const parts: Uint8Array[] = [Uint8Array.of(hashType), tx.version, tx.lockTime];
  if (!acp) {
    parts.push(sha256(concatBytes(...tx.inputs.map((i) => i.outpoint))));
    parts.push(sha256(concatBytes(...spent.map((s) => u64le(s.amount)))));
    parts.push(sha256(concatBytes(...spent.map((s) => concatBytes(compactSize(s.script.length), s.script)))));
    parts.push(sha256(concatBytes(...tx.inputs.map((i) => i.sequence))));
  }
  if (out !== 2 && out !== 3) parts.push(sha256(concatBytes(...tx.outputs)));
  parts.push(Uint8Array.of(0)); // spend_type: ext_flag 0, no annex
  if (acp) {
    const s = spent[index]!;
    parts.push(
      tx.inputs[index]!.outpoint,
      u64le(s.amount),
      compactSize(s.script.length),
      s.script,
      tx.inputs[index]!.sequence,
    );
  } else parts.push(u32le(index));
  if (out === 3) parts.push(sha256(tx.outputs[index]!));
  // The vectors' sigMsg starts with the epoch byte 0x00 that TapSighash hashes first.
  const sigMsg = concatBytes(Uint8Array.of(0), ...parts);
  return { sigMsg, sigHash: tagged('TapSighash', sigMsg) };
}
