/**
 * The browser's "Sign with an existing key" (issue 17): checks what the coordinator picked (key
 * package, public key package, certificate, request) exactly as `frost-ceremony create sign` does
 * (src/cli/createSign.ts), before any room exists, and builds the signed roster's `signing`
 * params. Pure: the texts and bytes come in, nothing is read or sent here.
 */
import {
  fromHex,
  isBitcoinNetwork,
  labelProblem,
  normaliseText,
  parseKeyPackage,
  parsePublicKeyPackage,
  prepareSigningRoom,
  publicKeyPackageHash,
  publicKeyPackageToJson,
  sha256,
  signingCeremony,
  SignError,
  toHex,
  verifyCertificate,
  FrostJsonError,
  type IdentityCrypto,
  type SigningRequest,
  type SigningRoomParams,
  type SuiteName,
} from '../protocol/index';
import type { CreateSigningParams } from '../store/index';

export interface SigningPlan {
  suite: SuiteName;
  minSigners: number;
  /** Room size: every holder of the key. */
  maxSigners: number;
  label: string;
  signing: SigningRoomParams;
}

/** A choice on the signing form that cannot be used, said in plain words. */
export class SigningPlanError extends Error {
  override name = 'SigningPlanError';
}

function parsed<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof FrostJsonError || e instanceof SyntaxError)
      throw new SigningPlanError(`The ${what} file is not a valid ${what}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** The request as the protocol takes it: UTF-8 text, hex bytes, or a PSBT (binary or base64) for a network. */
export function requestOf(r: CreateSigningParams['request']): SigningRequest {
  if (r.kind === 'text') {
    if (r.text.length === 0) throw new SigningPlanError('Write the message to sign.');
    return { kind: 'message', message: new TextEncoder().encode(r.text) };
  }
  if (r.kind === 'hex') {
    const hex = r.hex.replace(/\s+/g, '').replace(/^0x/i, '');
    if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex))
      throw new SigningPlanError('The message is not hex (pairs of 0-9, a-f).');
    return { kind: 'message', message: fromHex(hex.toLowerCase()) };
  }
  if (!isBitcoinNetwork(r.network)) throw new SigningPlanError('Pick the Bitcoin network the PSBT is for.');
  let bytes = r.psbt;
  // A PSBT file is binary (starts with "psbt\xff") or its base64 text, as the CLI reads it.
  const magic = [0x70, 0x73, 0x62, 0x74, 0xff];
  if (!magic.every((b, i) => bytes[i] === b)) {
    const text = new TextDecoder().decode(bytes).trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new SigningPlanError('The PSBT file is neither binary nor base64.');
    bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  }
  return { kind: 'psbt', psbt: bytes, network: r.network };
}

/**
 * Checks the coordinator's choices as the CLI does: the key package is one of this key's shares,
 * the certificate (when given) verifies and certifies this public key package, the request is one
 * every member can check (prepareSigningRoom). Throws SigningPlanError naming what is wrong.
 */
export function signingPlanOf(p: CreateSigningParams, crypto?: IdentityCrypto): SigningPlan {
  const pkp = parsed('public key package', () => parsePublicKeyPackage(p.publicKeyPackageJson));
  const kp = parsed('key package', () => parseKeyPackage(p.keyPackageJson));
  try {
    signingCeremony.assertHoldsKey(kp, pkp);
  } catch (e) {
    if (e instanceof SignError) throw new SigningPlanError(`Your key package: ${e.message}`, { cause: e });
    throw e;
  }
  let certificateHash: string | undefined;
  if (p.certificateJson !== undefined) {
    const check = verifyCertificate(p.certificateJson, crypto ? { crypto } : {});
    if (!check.ok) throw new SigningPlanError(`The certificate does not verify: ${check.reason}`);
    if (check.summary.publicKeyPackageHash !== publicKeyPackageHash(pkp))
      throw new SigningPlanError('The certificate is for another key than this public key package.');
    certificateHash = toHex(sha256(new TextEncoder().encode(p.certificateJson)));
  }
  const signing: SigningRoomParams = {
    publicKeyPackage: publicKeyPackageToJson(pkp),
    request: signingCeremony.requestToJson(requestOf(p.request)),
    ...(certificateHash !== undefined ? { certificateHash } : {}),
  };
  try {
    prepareSigningRoom(signing, pkp.suite, pkp.minSigners);
  } catch (e) {
    if (e instanceof SignError) throw new SigningPlanError(`This request cannot be signed: ${e.message}`, { cause: e });
    throw e;
  }
  const holders = pkp.verifyingShares.length;
  const label = normaliseText(p.label?.trim() || `Signing with the ${pkp.minSigners}-of-${holders} key`);
  const bad = labelProblem(label);
  if (bad) throw new SigningPlanError(`The label cannot be used: ${bad}.`);
  return { suite: pkp.suite, minSigners: pkp.minSigners, maxSigners: holders, label, signing };
}
