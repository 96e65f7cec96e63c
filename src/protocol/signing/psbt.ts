/**
 * Bitcoin PSBT requests for a `secp256k1-tr` group key: what a signer checks before approving,
 * the BIP-341 messages it signs, and the signed, finalized transaction.
 *
 * The group's verifying key IS the Taproot output key Q (frost-secp256k1-tr tweaks it after the
 * DKG, see wallet/taproot.ts), so the group's coins sit at `OP_1 x(Q)` and a FROST signature over
 * an input's BIP-341 sighash is its key-path witness as it stands: no tweak at signing time.
 *
 * Parsing, the BIP-341 signature message (`preimageWitnessV1`) and finalizing are
 * @scure/btc-signer's (BIP-174 v0, BIP-370 v2, BIP-371 Taproot fields); this file decides what
 * is acceptable, and says so in plain words. The rules, argued in SECURITY.md ("Signing"):
 * - every input must carry its witness UTXO (amount and scriptPubKey): BIP-341 SIGHASH_DEFAULT
 *   commits to all inputs' amounts and scripts, so a signer computes the sighash from data it
 *   sees, and a coordinator that lies about an amount gets a signature that is invalid on chain
 *   (never one that pays a different fee than the one shown);
 * - every input must spend the group's own key-path output (no foreign inputs, no script path):
 *   the result is a complete transaction, and a custodian never signs for coins it cannot see;
 * - only SIGHASH_DEFAULT (absent PSBT_IN_SIGHASH_TYPE or 0): NONE/SINGLE/ANYONECANPAY would let
 *   someone else change outputs or inputs after the custodians approved;
 * - no input already (partially) signed or finalized.
 */
import { Address, NETWORK, OutScript, SigHash, TEST_NETWORK, Transaction } from '@scure/btc-signer';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesEqual, toHex } from '../encoding.js';
import { SignError } from './errors.js';
import { isBitcoinNetwork, type BitcoinNetwork } from '../wallet/address.js';
import { outputKeyOfGroupKey, taprootScriptPubKey } from '../wallet/taproot.js';

/** Largest PSBT accepted (bytes). Big enough for hundreds of inputs; bounds parsing work. */
export const MAX_PSBT_BYTES = 1_000_000;
/** Most inputs accepted: each input's sighash hashes all inputs (quadratic), so this bounds it. */
export const MAX_PSBT_INPUTS = 256;
/** Most outputs accepted. */
export const MAX_PSBT_OUTPUTS = 1024;
/** Fee rate above which a warning is shown (sat/vB). */
export const HIGH_FEE_RATE_SAT_PER_VB = 1000n;
/** Fee above this share of the inputs' total is warned about (1/20 = 5 %). */
export const HIGH_FEE_DIVISOR = 20n;
/** Outputs below this many satoshis are dust for most node policies (P2PKH dust limit). */
export const DUST_SATS = 546n;
/** BIP-0 MAX_MONEY: 21 million BTC in satoshis; no valid amount is larger. */
export const MAX_MONEY_SATS = 2_100_000_000_000_000n;

/**
 * The network whose address spelling is shown. A PSBT does not record its network (BIP-174 has
 * no such field), so the coordinator names it, it is bound into the request hash and shown next
 * to every address. It changes only how a scriptPubKey is spelled, never what is signed.
 */
// One vocabulary for networks across the app: the wallet outputs' (`wallet --network`).
export { isBitcoinNetwork, type BitcoinNetwork };

const NETWORKS: Record<BitcoinNetwork, typeof NETWORK> = {
  bitcoin: NETWORK,
  testnet: TEST_NETWORK,
  signet: TEST_NETWORK,
  regtest: { ...TEST_NETWORK, bech32: 'bcrt' },
};

/** Something a signer must know about a PSBT: an error blocks signing, a warning is shown. */
export interface PsbtProblem {
  severity: 'error' | 'warning';
  code:
    | 'no-inputs'
    | 'no-outputs'
    | 'missing-witness-utxo'
    | 'foreign-input'
    | 'script-path'
    | 'sighash-not-default'
    | 'already-signed'
    | 'duplicate-input'
    | 'amount-out-of-range'
    | 'outputs-exceed-inputs'
    | 'high-fee'
    | 'dust-output'
    | 'data-output'
    | 'unknown-output-script'
    | 'locktime';
  /** Input or output index it concerns. */
  input?: number;
  output?: number;
  /** Plain words for the custodian. */
  text: string;
}

/** One input, as shown. */
export interface PsbtInputView {
  index: number;
  /** Previous transaction id as explorers show it (byte-reversed hex). */
  txid: string;
  vout: number;
  /** Satoshis, from the witness UTXO (null when missing). */
  amount: bigint | null;
  /** True when its witness UTXO script is the group's Taproot output `OP_1 x(Q)`. */
  ours: boolean;
  sequence: number;
}

/** One output, as shown. */
export interface PsbtOutputView {
  index: number;
  amount: bigint;
  /** Address in the request's network; null for data (OP_RETURN) and unknown scripts. */
  address: string | null;
  scriptHex: string;
  /** Pays back to the group's own address. */
  change: boolean;
  kind: 'address' | 'data' | 'unknown';
}

/** A PSBT in plain data: everything a custodian is shown. */
export interface PsbtView {
  network: BitcoinNetwork;
  /** The group's own address in this network (where change goes). */
  groupAddress: string;
  version: number;
  lockTime: number;
  inputs: PsbtInputView[];
  outputs: PsbtOutputView[];
  /** Sum of inputs (null when one is missing). */
  totalIn: bigint | null;
  totalOut: bigint;
  /** Sent to others = outputs that are not change. */
  sent: bigint;
  /** totalIn − totalOut; null when an input amount is missing. */
  fee: bigint | null;
  /** Virtual size of the finalized transaction (each key-path witness is one 64-byte signature). */
  vsize: number | null;
  /** Fee rate in sat/vB with three decimals, computed with integers (identical everywhere). */
  feeRate: string | null;
  problems: PsbtProblem[];
}

/** The parsed PSBT, its view and, when signable, the BIP-341 sighash of every input. */
export interface AnalysedPsbt {
  view: PsbtView;
  /** SIGHASH_DEFAULT message of each input, in input order; empty when there are errors. */
  sighashes: Uint8Array[];
  /** Unsigned transaction (no witnesses), as hashed into the request hash. */
  unsignedTx: Uint8Array;
  /** Each input's witness UTXO (amount, script), as hashed into the request hash. */
  prevouts: { amount: bigint; script: Uint8Array }[] | null;
}

const TX_OPTS = {
  allowUnknownOutputs: true,
  allowUnknownInputs: false,
  disableScriptCheck: false,
} as const;

function parse(psbt: Uint8Array): Transaction {
  if (!(psbt instanceof Uint8Array)) throw new SignError('bad-request', 'the PSBT must be bytes');
  if (psbt.length > MAX_PSBT_BYTES)
    throw new SignError('bad-request', `the PSBT is ${psbt.length} bytes; at most ${MAX_PSBT_BYTES} are accepted`);
  let tx: Transaction;
  try {
    tx = Transaction.fromPSBT(psbt, TX_OPTS);
  } catch (e) {
    throw new SignError('bad-request', `not a valid PSBT: ${(e as Error).message}`);
  }
  if (tx.inputsLength > MAX_PSBT_INPUTS)
    throw new SignError(
      'bad-request',
      `the PSBT has ${tx.inputsLength} inputs; at most ${MAX_PSBT_INPUTS} are accepted`,
    );
  if (tx.outputsLength > MAX_PSBT_OUTPUTS)
    throw new SignError(
      'bad-request',
      `the PSBT has ${tx.outputsLength} outputs; at most ${MAX_PSBT_OUTPUTS} are accepted`,
    );
  return tx;
}

/** `OP_1 <x(Q)>` for the group's 33-byte SEC1 verifying key. */
export function groupScriptPubKey(verifyingKey: Uint8Array): Uint8Array {
  if (!(verifyingKey instanceof Uint8Array) || verifyingKey.length !== 33)
    throw new SignError('bad-request', 'a secp256k1-tr verifying key is 33 bytes');
  return taprootScriptPubKey(outputKeyOfGroupKey(verifyingKey));
}

function addressOf(script: Uint8Array, network: BitcoinNetwork): string | null {
  try {
    const decoded = OutScript.decode(script);
    if (decoded.type === 'unknown') return null;
    return Address(NETWORKS[network]).encode(decoded);
  } catch {
    return null;
  }
}

/** Satoshis as BTC text with 8 decimals ("0.00012345 BTC"), exact. */
export function formatBtc(sats: bigint): string {
  const neg = sats < 0n;
  const a = neg ? -sats : sats;
  return `${neg ? '-' : ''}${a / 100_000_000n}.${(a % 100_000_000n).toString().padStart(8, '0')} BTC`;
}

/**
 * Parses and checks a PSBT for the group key `verifyingKey` (33-byte SEC1 Q): the view every
 * custodian is shown and, when nothing blocks signing, the sighash of every input. Throws
 * SignError('bad-request') only for what is not a PSBT at all (or too large); everything else
 * is a problem in the view.
 */
export function analysePsbt(psbt: Uint8Array, verifyingKey: Uint8Array, network: BitcoinNetwork): AnalysedPsbt {
  try {
    return analyse(psbt, verifyingKey, network);
  } catch (e) {
    // The library may refuse a field combination only when it is used (finalizing, hashing).
    if (e instanceof SignError) throw e;
    throw new SignError('bad-request', `the PSBT cannot be processed: ${(e as Error).message}`);
  }
}

function analyse(psbt: Uint8Array, verifyingKey: Uint8Array, network: BitcoinNetwork): AnalysedPsbt {
  if (!isBitcoinNetwork(network)) throw new SignError('bad-request', 'unknown Bitcoin network');
  const ours = groupScriptPubKey(verifyingKey);
  const tx = parse(psbt);
  const problems: PsbtProblem[] = [];
  const err = (code: PsbtProblem['code'], text: string, at: { input?: number; output?: number } = {}) =>
    problems.push({ severity: 'error', code, text, ...at });
  const warn = (code: PsbtProblem['code'], text: string, at: { input?: number; output?: number } = {}) =>
    problems.push({ severity: 'warning', code, text, ...at });

  if (tx.inputsLength === 0) err('no-inputs', 'The transaction spends nothing.');
  if (tx.outputsLength === 0) err('no-outputs', 'The transaction pays nobody.');

  const inputs: PsbtInputView[] = [];
  const prevouts: { amount: bigint; script: Uint8Array }[] = [];
  let missing = false;
  const outpoints = new Set<string>();
  for (let i = 0; i < tx.inputsLength; i++) {
    const inp = tx.getInput(i);
    const wu = inp.witnessUtxo;
    // The same coin twice would count its amount twice in the fee shown; consensus rejects it anyway.
    const outpoint = `${inp.txid ? toHex(inp.txid) : ''}:${inp.index ?? 0}`;
    if (outpoints.has(outpoint))
      err('duplicate-input', `Input ${i + 1} spends the same coin as an earlier input.`, { input: i });
    outpoints.add(outpoint);
    if (wu && (wu.amount < 0n || wu.amount > MAX_MONEY_SATS))
      err('amount-out-of-range', `Input ${i + 1} claims an impossible amount (${wu.amount} sat).`, { input: i });
    const isOurs = !!wu && bytesEqual(wu.script, ours);
    inputs.push({
      index: i,
      txid: inp.txid ? toHex(inp.txid) : '',
      vout: inp.index ?? 0,
      amount: wu ? wu.amount : null,
      ours: isOurs,
      sequence: inp.sequence ?? 0xffffffff,
    });
    if (!wu) {
      missing = true;
      err(
        'missing-witness-utxo',
        `Input ${i + 1} does not say what it spends (no witness UTXO), so its amount and owner cannot be checked.`,
        { input: i },
      );
      continue;
    }
    prevouts.push({ amount: wu.amount, script: wu.script });
    if (!isOurs)
      err(
        'foreign-input',
        `Input ${i + 1} is not this key's coin (its script is ${toHex(wu.script)}); only this key's own coins can be signed here.`,
        { input: i },
      );
    if (inp.tapLeafScript?.length || inp.tapScriptSig?.length || inp.tapMerkleRoot)
      err('script-path', `Input ${i + 1} asks for a script-path spend; this key signs key-path spends only.`, {
        input: i,
      });
    if (inp.sighashType !== undefined && inp.sighashType !== SigHash.DEFAULT)
      err(
        'sighash-not-default',
        `Input ${i + 1} asks for signature type ${inp.sighashType}; only the default (which covers every input and output) is signed.`,
        { input: i },
      );
    if (inp.tapKeySig || inp.finalScriptWitness || inp.finalScriptSig || inp.partialSig?.length)
      err('already-signed', `Input ${i + 1} is already signed or finalized.`, { input: i });
  }

  const groupAddress = addressOf(ours, network) ?? '';
  const outputs: PsbtOutputView[] = [];
  let totalOut = 0n;
  let sent = 0n;
  for (let o = 0; o < tx.outputsLength; o++) {
    const out = tx.getOutput(o);
    const script = out.script ?? new Uint8Array(0);
    const amount = out.amount ?? 0n;
    totalOut += amount;
    if (amount < 0n || amount > MAX_MONEY_SATS)
      err('amount-out-of-range', `Output ${o + 1} has an impossible amount (${amount} sat).`, { output: o });
    const change = bytesEqual(script, ours);
    if (!change) sent += amount;
    let kind: PsbtOutputView['kind'] = 'unknown';
    let address: string | null = null;
    if (script[0] === 0x6a) {
      kind = 'data';
      warn(
        'data-output',
        `Output ${o + 1} carries data (OP_RETURN, ${script.length} bytes) and pays ${formatBtc(amount)}.`,
        { output: o },
      );
    } else {
      address = addressOf(script, network);
      if (address !== null) kind = 'address';
      else
        warn(
          'unknown-output-script',
          `Output ${o + 1} pays ${formatBtc(amount)} to a script that has no address: ${toHex(script)}.`,
          { output: o },
        );
    }
    if (kind !== 'data' && amount < DUST_SATS)
      warn('dust-output', `Output ${o + 1} is tiny (${amount} sat) and may not be relayed.`, { output: o });
    outputs.push({ index: o, amount, address, scriptHex: toHex(script), change, kind });
  }

  const totalIn = missing ? null : prevouts.reduce((s, p) => s + p.amount, 0n);
  const fee = totalIn === null ? null : totalIn - totalOut;
  if (fee !== null && fee < 0n)
    err(
      'outputs-exceed-inputs',
      `The outputs (${formatBtc(totalOut)}) are more than the inputs (${formatBtc(totalIn!)}).`,
    );
  if (tx.lockTime !== 0)
    warn(
      'locktime',
      `The transaction cannot be mined before ${tx.lockTime < 500_000_000 ? `block ${tx.lockTime}` : `time ${tx.lockTime} (Unix seconds)`}.`,
    );

  const hasErrors = problems.some((p) => p.severity === 'error');
  let vsize: number | null = null;
  let feeRate: string | null = null;
  if (!hasErrors && fee !== null) {
    vsize = finalizedVsize(tx);
    // fee·1000 / vsize, floored, printed with three decimals: integer maths, same on every machine.
    const milli = (fee * 1000n) / BigInt(vsize);
    feeRate = `${milli / 1000n}.${(milli % 1000n).toString().padStart(3, '0')}`;
    if (milli / 1000n > HIGH_FEE_RATE_SAT_PER_VB || fee * HIGH_FEE_DIVISOR > totalIn!)
      warn('high-fee', `The fee is unusually high: ${formatBtc(fee)} (${feeRate} sat/vB).`);
  }
  const view: PsbtView = {
    network,
    groupAddress,
    version: tx.version,
    lockTime: tx.lockTime,
    inputs,
    outputs,
    totalIn,
    totalOut,
    sent,
    fee,
    vsize,
    feeRate,
    problems,
  };
  const sighashes: Uint8Array[] = [];
  if (!hasErrors) {
    const scripts = prevouts.map((p) => p.script);
    const amounts = prevouts.map((p) => p.amount);
    // BIP-341 SigMsg with hash_type 0x00 (SIGHASH_DEFAULT), ext_flag 0 (key path), no annex.
    for (let i = 0; i < tx.inputsLength; i++)
      sighashes.push(tx.preimageWitnessV1(i, scripts, SigHash.DEFAULT, amounts));
  }
  return { view, sighashes, unsignedTx: tx.unsignedTx, prevouts: missing ? null : prevouts };
}

/**
 * vsize of `tx` once every input carries its key-path witness, computed (BIP-141): weight =
 * 4·(size without witnesses) + 2 (segwit marker and flag) + per input 66 (item count 1, length 1,
 * 64-byte SIGHASH_DEFAULT signature); vsize = ⌈weight / 4⌉. Linear; finalizing a clone in the
 * library costs quadratic time in the inputs. Checked against the extracted transaction in tests.
 */
function finalizedVsize(tx: Transaction): number {
  const weight = 4 * tx.unsignedTx.length + 2 + 66 * tx.inputsLength;
  return Math.ceil(weight / 4);
}

/** A signed PSBT and the transaction it finalizes to. */
export interface SignedPsbt {
  /** The request's PSBT with PSBT_IN_TAP_KEY_SIG set on every input (not finalized). */
  psbt: Uint8Array;
  /** The finalized, extracted network transaction. */
  txHex: string;
  /** Its txid (as explorers show it). */
  txid: string;
}

/**
 * Puts one BIP-340 signature per input into the PSBT (PSBT_IN_TAP_KEY_SIG), finalizes and
 * extracts the transaction. Every signature is verified first against the input's sighash and
 * x(Q); a wrong one throws SignError('invalid-signature') naming the input.
 */
export function signPsbt(
  psbt: Uint8Array,
  verifyingKey: Uint8Array,
  network: BitcoinNetwork,
  signatures: readonly Uint8Array[],
): SignedPsbt {
  const a = analysePsbt(psbt, verifyingKey, network);
  if (a.view.problems.some((p) => p.severity === 'error'))
    throw new SignError('unverifiable-request', 'the PSBT cannot be signed (see its problems)');
  if (!Array.isArray(signatures) || signatures.length !== a.sighashes.length)
    throw new SignError('invalid-signature', `need ${a.sighashes.length} signatures, one per input`);
  const xOnly = outputKeyOfGroupKey(verifyingKey);
  a.sighashes.forEach((h, i) => {
    const sig = signatures[i];
    if (!(sig instanceof Uint8Array) || sig.length !== 64 || !schnorr.verify(sig, h, xOnly))
      throw new SignError('invalid-signature', `the signature for input ${i + 1} does not verify under the group key`);
  });
  const tx = parse(psbt);
  for (let i = 0; i < tx.inputsLength; i++) tx.updateInput(i, { tapKeySig: signatures[i]! });
  const signed = tx.toPSBT();
  tx.finalize();
  return { psbt: signed, txHex: toHex(tx.extract()), txid: tx.id };
}
