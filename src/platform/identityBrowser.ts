/**
 * Browser IdentityCrypto: envelope signatures checked by the platform's native Ed25519
 * (WebCrypto, off the main thread), with the exact verdicts of the strict noble check.
 *
 * The protocol verifies synchronously inside `step`, but WebCrypto is asynchronous. So the
 * shell calls `prefetch` with each envelope's signing input as it arrives from the network;
 * by the time the ceremony's queue reaches that envelope the native verdict is usually in,
 * and `verify` uses it. When it is not (still pending, native Ed25519 unsupported, or the
 * bytes differ) `verify` runs the noble check, so results never depend on timing.
 *
 * Verdicts are identical to `verifyEd25519` (ed25519Verdict.ts, the one verdict everywhere):
 * a native "valid" is used only where `nativeVerdictUsable` proves noble would agree; every
 * native "invalid", and every input outside those bounds, is decided by noble. So WebCrypto's
 * own rules for small-order or non-canonical points (ZIP-215 vs strict) can only cost speed,
 * never change a verdict. Signing stays on noble: deterministic Ed25519 gives the same bytes as node:crypto.
 */
import {
  signedBytes,
  nativeVerdictUsable,
  bytesEqual,
  fromHex,
  fromUtf8,
  isHex,
  toHex,
  createNobleIdentityCrypto,
  type IdentityCrypto,
} from '../protocol/index.js';

/** The bytes an Ed25519 signature covers, with its key and signature. */
export interface SigningInput {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: Uint8Array;
}

export interface PrefetchingIdentityCrypto extends IdentityCrypto {
  /** Starts the native check of one signature; a later `verify` of the same bytes uses its result. */
  prefetch(input: SigningInput): void;
  /** Resolves when every prefetch started so far has its verdict (tests, benchmarks). */
  idle(): Promise<void>;
  /** Counters: verdicts taken from the native check vs decided by noble. */
  stats(): { native: number; noble: number };
}

/** WebCrypto's subtle interface, or the subset this file uses. */
export type SubtleEd25519 = Pick<SubtleCrypto, 'importKey' | 'verify'>;

const MAX_PENDING = 4096;
const MAX_HELD_BYTES = 16 * 2 ** 20;
const MAX_KEYS = 512;

/** Re-exported: the rule lives beside the verdict it protects (ed25519Verdict.ts). */
export { nativeVerdictUsable };

/**
 * Reads the signing input of a wire envelope (see envelope.ts: the signature covers the
 * canonical encoding of tag, room, session, generation, type, sender and payload), or null
 * when the bytes are not shaped like one. A mismatch with envelope.ts would only make
 * `verify` fall back to noble; the tests pin the two together.
 */
export function envelopeSigningInput(bytes: Uint8Array): SigningInput | null {
  try {
    const w = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
    const { type, room, session, gen, from, payload, sig } = w;
    if (
      typeof type !== 'string' ||
      typeof room !== 'string' ||
      typeof session !== 'string' ||
      typeof payload !== 'string'
    )
      return null;
    if (typeof gen !== 'number' || !Number.isInteger(gen) || gen < 0 || gen > 0xffffffff) return null;
    if (!isHex(from, 32) || !isHex(sig, 64) || (session !== '' && !isHex(session))) return null;
    const publicKey = fromHex(from);
    const message = signedBytes({ type, room, session, generation: gen, from, payload });
    return { signature: fromHex(sig), message, publicKey };
  } catch {
    return null;
  }
}

/** The platform's WebCrypto, when this runtime has one. */
function defaultSubtle(): SubtleEd25519 | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

/**
 * Native Ed25519 verification when `subtle` supports it (Chromium, Firefox, Safari, Node ≥ 20),
 * noble otherwise (or with `subtle` null); verdicts are the strict noble ones either way.
 */
export function createBrowserIdentityCrypto(
  subtle: SubtleEd25519 | null = defaultSubtle() ?? null,
): PrefetchingIdentityCrypto {
  const noble = createNobleIdentityCrypto();
  /** Native "valid" verdicts by signature (hex), with the bytes they are for; each is used once. */
  const verdicts = new Map<string, { input: SigningInput }>();
  let held = 0;
  const keys = new Map<string, Promise<CryptoKey>>();
  let inFlight = new Set<Promise<void>>();
  let supported = subtle !== null;
  const counts = { native: 0, noble: 0 };

  const keyFor = (pk: Uint8Array): Promise<CryptoKey> => {
    const h = toHex(pk);
    let k = keys.get(h);
    if (!k) {
      k = subtle!.importKey('raw', pk as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
      if (keys.size >= MAX_KEYS) keys.clear();
      keys.set(h, k);
      k.catch(() => keys.delete(h));
    }
    return k;
  };

  return {
    publicKey: noble.publicKey,
    sign: noble.sign,
    verify(signature, message, publicKey) {
      const h = signature.length === 64 ? toHex(signature) : '';
      const v = verdicts.get(h);
      if (v !== undefined) {
        verdicts.delete(h);
        held -= v.input.message.length;
        if (bytesEqual(v.input.publicKey, publicKey) && bytesEqual(v.input.message, message)) {
          counts.native++;
          return true;
        }
      }
      counts.noble++;
      return noble.verify(signature, message, publicKey);
    },
    prefetch(input) {
      if (!supported || !nativeVerdictUsable(input.signature, input.publicKey)) return;
      const h = toHex(input.signature);
      if (verdicts.has(h)) return;
      const p = keyFor(input.publicKey)
        .then((key) =>
          subtle!.verify(
            { name: 'Ed25519' },
            key,
            input.signature as Uint8Array<ArrayBuffer>,
            input.message as Uint8Array<ArrayBuffer>,
          ),
        )
        .then(
          (valid) => {
            // Only "valid" is kept: anything else is decided by noble anyway. Bounded in count and bytes
            // (a verdict is normally used within milliseconds, when the ceremony reaches its envelope).
            if (!valid || verdicts.has(h)) return;
            if (verdicts.size >= MAX_PENDING || held + input.message.length > MAX_HELD_BYTES) {
              verdicts.clear();
              held = 0;
            }
            verdicts.set(h, { input });
            held += input.message.length;
          },
          (e: unknown) => {
            // No native Ed25519 here (NotSupportedError): noble from now on. Other errors
            // (a key that does not import) leave this one input to noble.
            if ((e as { name?: string })?.name === 'NotSupportedError') supported = false;
          },
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async idle() {
      while (inFlight.size > 0) {
        const now = inFlight;
        inFlight = new Set();
        await Promise.allSettled([...now]);
      }
    },
    stats: () => ({ ...counts }),
  };
}
