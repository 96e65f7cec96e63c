/**
 * The signing room's steps (issue 17), run by step() instead of the DKG rounds once the session
 * is a signing room and every member signed Start (codes matched):
 *
 * 1. Approval: each member parses the request itself (roomParams.ts) and, only on its custodian's
 *    own 'approveSigning' event for that request hash, signs a 'sign-approval' carrying its
 *    decision, its request hash, and a proof that it holds share i (proofOfHolding, purpose
 *    'sign', over a binding of the session id AND its identity key, so no one can replay another
 *    member's proof). An approval naming another request hash is a split view: nobody signs.
 * 2. Attempt k (attempts.ts): the top t approvers by reputation, without anyone blamed earlier.
 *    Each selected signer makes fresh nonces (RFC 9591 §5.1), stores them in its state and signs
 *    'sign-commitments'; step() persists the state before the commitment leaves.
 * 3. Once every commitment of attempt k is in, each selected signer consumes its nonces (the
 *    consumed store is in the same persisted state as the share it enables) and signs
 *    'sign-shares' (§5.2) naming the package hashes it signed.
 * 4. Every member checks each share against its signer's verifying share (§5.4, the shipping
 *    verifier). An invalid share names its signer with the evidence (share, commitment list,
 *    signing package); attempt k+1 replaces them with the next-ranked approver. Otherwise the
 *    shares are aggregated, the signature verified under the group key, a PSBT finalized, and the
 *    signing record made and signed by me.
 * A silent member is left out by the coordinator's restart (lobby.ts), as in the key ceremony.
 */
import { envelopeText, readTrusted, type Envelope } from '../../envelope.js';
import { fromHex, taggedHash, toHex } from '../../encoding.js';
import { ProtocolError } from '../../errors.js';
import { decodePoint, encodeScalar, decodeScalar } from '../../dkg/group.js';
import { parseKeyPackage } from '../../frostJson/index.js';
import { proveHolding, verifyHolding, LifecycleError } from '../../lifecycle/index.js';
import type { SessionMessage } from '../../sessionContext.js';
import { getSuite } from '../../suites.js';
import {
  assertHoldsKey,
  consumeNonce,
  createNonce,
  decodeNonceStore,
  decodeSigningPayload,
  emptyNonceStore,
  encodeNonceStore,
  encodeSigningPayload,
  evidenceToJson,
  requestToJson,
  round2Sign,
  signPsbt,
  signSigningRecord,
  SIGNING_RECORD_FORMAT,
  SignError,
  updateReputation,
  type PreparedSigningRoom,
  type SigningPayload,
  type SigningRecord,
} from '../../signing/index.js';
import type { KeyPackage } from '../../dkg/types.js';
import { broadcast, culpritsOf, identityOf, reject, signSession, type Ctx } from '../context.js';
import { faultsEnabled } from '../faults.js';
import type { SessionState } from '../types.js';
import { deriveProgress, packageHashesOf, positionsById, roomOf, type RoomProgress } from './attempts.js';
import { isSigningSession, type SigningRoomState } from './state.js';

/** Signing messages kept while they cannot be placed yet (per session). */
const MAX_PENDING = 64;
/** Domain tag binding a proof of holding to one session and one sender identity. */
export const HOLDING_BINDING_TAG = 'frost-ceremony/sign-room/holding/v1';

type SigningType = 'sign-approval' | 'sign-commitments' | 'sign-shares';

function allStarted(s: SessionState): boolean {
  return Object.keys(s.starts).length === s.roster.length;
}

/** The 32 bytes a member's proof of holding binds: this session and this member's identity key. */
export function holdingBinding(sessionId: string, identity: string): Uint8Array {
  return taggedHash(HOLDING_BINDING_TAG, [fromHex(sessionId), fromHex(identity)]);
}

function myKeyPackage(ctx: Ctx): KeyPackage {
  const kp = ctx.state.signingKey?.keyPackage;
  if (kp === undefined)
    throw new ProtocolError('wrong-phase', 'this device holds no key package for this signing room', [], 'signing');
  return parseKeyPackage(kp);
}

/**
 * The room's state, made as soon as the session exists (others' approvals may arrive before my
 * last Start does); nobody commits to anything before every Start is in (approveSigning, act).
 */
function ensureState(ctx: Ctx, s: SessionState, room: PreparedSigningRoom): SigningRoomState {
  if (s.signing) return s.signing;
  s.signing = {
    requestHash: toHex(room.prepared.requestHash),
    decision: 'pending',
    approvals: {},
    holders: {},
    commits: {},
    shares: {},
    pending: [],
    nonces: encodeNonceStore(emptyNonceStore()),
    status: 'collecting',
    signatures: [],
    transaction: null,
    record: null,
    error: null,
  };
  ctx.dirty = true;
  return s.signing;
}

/**
 * My custodian's answer to the request on their screen (event 'approveSigning'). Refused unless
 * the codes were confirmed by everyone, my answer is still open, and `requestHash` is the hash of
 * the request this room signs (so an answer can never apply to another request).
 */
export function approveSigning(ctx: Ctx, requestHash: string, approve: boolean): void {
  const s = ctx.state.session;
  if (!isSigningSession(s) || s.outcome)
    throw new ProtocolError('wrong-phase', 'no signing room is waiting for your answer', [], 'signing');
  const room = roomOf(s, ctx.cache);
  if (!allStarted(s) || !s.codeConfirmed)
    throw new ProtocolError(
      'wrong-phase',
      'not everyone has confirmed the verification code yet; answer once they have',
      [],
      'signing',
    );
  const sr = ensureState(ctx, s, room);
  if (sr.decision !== 'pending')
    throw new ProtocolError('wrong-phase', `you already answered (${sr.decision})`, [], 'signing');
  if (requestHash !== sr.requestHash)
    throw new ProtocolError('wrong-phase', 'that is not the request this room signs', [], 'signing');
  const kp = myKeyPackage(ctx);
  try {
    assertHoldsKey(kp, room.pkp);
  } catch (e) {
    throw new ProtocolError('invalid-params', (e as Error).message, [], 'signing');
  }
  const proof = proveHolding(
    kp,
    room.pkp,
    { sessionId: holdingBinding(s.id, ctx.state.identity.publicKey), purpose: 'sign' },
    ctx.rng,
  );
  const body = encodeSigningPayload({
    type: 'sign-approval',
    requestHash: room.prepared.requestHash,
    decision: approve ? 'approve' : 'refuse',
  });
  sr.decision = approve ? 'approve' : 'refuse';
  const env = signSession(ctx, 'sign-approval', {
    body,
    holding: { identifier: proof.identifier, signature: toHex(proof.signature) },
  });
  sr.approvals[String(s.myId)] = envelopeText(env);
  sr.holders[String(s.myId)] = kp.identifier;
  s.sent.push(envelopeText(env));
  ctx.dirty = true;
  broadcast(ctx, env);
}

/** A signing message of this session (already checked for room, session, sender and schema). */
export function onSigningMessage(ctx: Ctx, s: SessionState, m: SessionMessage<SigningType>, text: string): void {
  const who = culpritsOf(s, [m.envelope.from]);
  if (!isSigningSession(s))
    return reject(ctx, new ProtocolError('malformed', `${m.envelope.type} outside a signing room`, who, 'signing'));
  let room: PreparedSigningRoom;
  try {
    room = roomOf(s, ctx.cache);
  } catch {
    return; // unreachable: the roster's signing params were checked when it was received
  }
  // Decode the strict body first: malformed input is refused naming its sender at once.
  let body: SigningPayload;
  try {
    body = decodeSigningPayload((m.payload as { body: string }).body, room.pkp.suite, room.prepared.messages.length);
  } catch (e) {
    return reject(ctx, new ProtocolError('malformed', (e as Error).message, who, 'signing'));
  }
  const want = m.envelope.type === 'sign-approval' ? 'sign-approval' : m.envelope.type;
  if (body.type !== want)
    return reject(
      ctx,
      new ProtocolError('malformed', `${m.envelope.type} envelope carries a ${body.type} body`, who, 'signing'),
    );
  const sr = ensureState(ctx, s, room);
  if (sr.status !== 'collecting') return;
  place(ctx, s, sr, room, m.envelope, m.senderId, body, text);
}

/**
 * Keeps a message that cannot be placed yet (re-placed after every step). At most one per sender,
 * kind and attempt (a second, different one waits behind the first and meets it as equivocation
 * once placed), and at most MAX_PENDING in all: a member cannot grow my state or my work per step.
 */
function keepPending(ctx: Ctx, sr: SigningRoomState, env: Envelope, attempt: number, text: string): void {
  const key = (e: Envelope, a: number) => `${e.type}:${a}:${e.from}`;
  const mine = key(env, attempt);
  const held = sr.pending.some((t) => {
    const e = readTrusted(t);
    const body = (JSON.parse(e.payload) as { body: string }).body;
    return key(e, (JSON.parse(body) as { attempt: number }).attempt) === mine;
  });
  if (held || sr.pending.length >= MAX_PENDING) return;
  sr.pending.push(text);
  ctx.dirty = true;
}

/** Stores one message where it belongs, or keeps it pending; 'pending' when it cannot be placed yet. */
function place(
  ctx: Ctx,
  s: SessionState,
  sr: SigningRoomState,
  room: PreparedSigningRoom,
  env: Envelope,
  pos: number,
  body: SigningPayload,
  text: string,
): void {
  const who = culpritsOf(s, [env.from]);
  if (body.type === 'sign-approval') {
    const holding = (JSON.parse(env.payload) as { holding: { identifier: number; signature: string } }).holding;
    try {
      verifyHolding(room.pkp, { sessionId: holdingBinding(s.id, env.from), purpose: 'sign' }, holding.identifier, {
        identifier: holding.identifier,
        signature: fromHex(holding.signature),
      });
    } catch (e) {
      if (!(e instanceof LifecycleError)) throw e;
      return reject(
        ctx,
        new ProtocolError(
          'invalid-evidence',
          `approval without a valid proof of holding share ${holding.identifier}: ${e.message}`,
          who,
          'signing',
        ),
      );
    }
    const prev = sr.approvals[String(pos)];
    if (prev !== undefined) return sameOrConflict(ctx, s, `approval:${pos}`, prev, text, env, 'approval');
    const owner = positionsById(sr).get(holding.identifier);
    if (owner !== undefined && owner !== pos)
      // Two roster members proving one share: the same custodian twice. The first roster position
      // speaks for the share (attempts.ts); this one is refused, naming its sender.
      reject(
        ctx,
        new ProtocolError(
          'duplicate-different',
          `share ${holding.identifier} is already held by ${s.roster[owner - 1]?.name ?? `#${owner}`} in this room`,
          who,
          'signing',
        ),
      );
    sr.approvals[String(pos)] = text;
    sr.holders[String(pos)] = holding.identifier;
    ctx.dirty = true;
    return;
  }
  if (toHex(body.requestHash) !== sr.requestHash)
    return reject(
      ctx,
      new ProtocolError('wrong-session', `${body.type} for another request (split view)`, who, 'signing'),
    );
  // Every failed attempt leaves out at least one approver, so no attempt beyond n − t + 1 can
  // ever come: a higher number is malformed (and would only fill my pending list).
  const maxAttempt = s.roster.length - room.pkp.minSigners + 1;
  if (body.attempt > Math.max(1, maxAttempt))
    return reject(
      ctx,
      new ProtocolError(
        'malformed',
        `${body.type} for attempt ${body.attempt}; at most ${maxAttempt} can run`,
        who,
        'signing',
      ),
    );
  const id = sr.holders[String(pos)];
  const progress = deriveProgress(s, sr, room);
  const attempt = progress.attempts[body.attempt - 1];
  if (id === undefined || !attempt) {
    // Before the sender's approval or before that attempt is reached: keep it for later, unless
    // the sender refused or everyone decided and this attempt can never come.
    if (id !== undefined && progress.approving !== null && !progress.approving.includes(id))
      return reject(ctx, notSelected(s, who, body.type, 'refused or did not prove a share'));
    if (progress.notEnough) return;
    return keepPending(ctx, sr, env, body.attempt, text);
  }
  if (!attempt.signers.includes(id))
    return reject(ctx, notSelected(s, who, body.type, `not selected for attempt ${body.attempt}`));
  const key = `${body.attempt}:${id}`;
  if (body.type === 'sign-commitments') {
    const suite = getSuite(room.pkp.suite);
    for (const c of body.commitments)
      for (const p of [c.hiding, c.binding]) {
        const bad = decodePoint(suite, p);
        if (typeof bad === 'string')
          return reject(
            ctx,
            new ProtocolError('malformed', `sign-commitments with an unusable commitment (${bad})`, who, 'signing'),
          );
      }
    const prev = sr.commits[key];
    if (prev !== undefined) return sameOrConflict(ctx, s, `commit:${key}`, prev, text, env, 'commitment');
    sr.commits[key] = text;
    ctx.dirty = true;
    return;
  }
  // Shares: only once I hold the attempt's packages, and only for exactly those packages (a share
  // for other packages is someone else's split view, not this signer's fault: refused, not judged).
  if (attempt.packages === null) return keepPending(ctx, sr, env, body.attempt, text);
  const want = packageHashesOf(attempt);
  if (body.packageHashes.map(toHex).join() !== want.join())
    return reject(
      ctx,
      new ProtocolError(
        'wrong-session',
        `sign-shares for other signing packages than attempt ${body.attempt}'s (commitments seen differently)`,
        who,
        'signing',
      ),
    );
  const prev = sr.shares[key];
  if (prev !== undefined) return sameOrConflict(ctx, s, `share:${key}`, prev, text, env, 'share');
  sr.shares[key] = text;
  ctx.dirty = true;
}

function notSelected(s: SessionState, who: ReturnType<typeof culpritsOf>, type: string, why: string): ProtocolError {
  void s;
  return new ProtocolError('unknown-sender', `${type} from a member who is ${why}`, who, 'signing');
}

/** The same content again changes nothing; other content from one signer for one slot is equivocation (both kept). */
function sameOrConflict(
  ctx: Ctx,
  s: SessionState,
  key: string,
  prev: string,
  text: string,
  env: Envelope,
  what: string,
): void {
  if (prev === text || readTrusted(prev).hash === env.hash) return;
  s.conflicts[`signing:${key}`] ??= [prev, text];
  ctx.dirty = true;
  reject(
    ctx,
    new ProtocolError(
      'equivocation',
      `two different signed ${what}s from one member (first one kept; both are evidence)`,
      culpritsOf(s, [env.from]),
      'signing',
    ),
  );
}

/** After every step: place pending messages, then do my part of the current attempt, or finish. */
export function advanceSigning(ctx: Ctx): void {
  const s = ctx.state.session;
  if (!isSigningSession(s) || s.outcome || ctx.state.aborted) return;
  let room: PreparedSigningRoom;
  try {
    room = roomOf(s, ctx.cache);
  } catch {
    return;
  }
  const sr = ensureState(ctx, s, room);
  if (sr.status !== 'collecting') return;
  if (sr.pending.length > 0) {
    const again = sr.pending;
    const dirty = ctx.dirty;
    const held = () => JSON.stringify([sr.approvals, sr.commits, sr.shares, s.conflicts, ctx.state.errors.length]);
    const before = held();
    sr.pending = [];
    for (const t of again) {
      const env = readTrusted(t);
      const pos = s.roster.findIndex((r) => r.identity === env.from) + 1;
      const body = decodeSigningPayload(
        (JSON.parse(env.payload) as { body: string }).body,
        room.pkp.suite,
        room.prepared.messages.length,
      );
      place(ctx, s, sr, room, env, pos, body, t);
    }
    // Only a change (something placed or dropped) needs saving; the same messages kept do not.
    ctx.dirty = dirty || held() !== before || sr.pending.join('\n') !== again.join('\n');
  }
  if (!allStarted(s)) return;
  for (let guard = 0; guard < 64; guard++) if (!act(ctx, s, sr, room)) return;
}

/** One move of mine; true if something changed. */
function act(ctx: Ctx, s: SessionState, sr: SigningRoomState, room: PreparedSigningRoom): boolean {
  const progress = deriveProgress(s, sr, room);
  if (progress.splitView.length > 0) {
    fail(
      ctx,
      s,
      sr,
      'split-view',
      `members were shown different requests (${progress.splitView.map((x) => s.roster[x.position - 1]?.name).join(', ')} approved another request): nobody signs`,
      progress.splitView.map((x) => s.roster[x.position - 1]!.identity),
    );
    return false;
  }
  if (progress.notEnough) {
    const blamed = [...progress.blamed.keys()];
    fail(
      ctx,
      s,
      sr,
      'not-enough-signers',
      `not enough custodians approved to sign: ${progress.notEnough.message}${blamed.length ? ` (left out after an invalid share: ${blamed.map((id) => nameOfId(s, sr, id)).join(', ')})` : ''}`,
      blamed.map((id) => identityOfId(s, sr, id)),
    );
    return false;
  }
  if (progress.signatures) {
    finish(ctx, s, sr, room, progress);
    return false;
  }
  const current = progress.attempts[progress.attempts.length - 1];
  const myId = sr.holders[String(s.myId)];
  if (!current || myId === undefined || !current.signers.includes(myId) || sr.decision !== 'approve') return false;
  const key = `${current.attempt}:${myId}`;
  if (sr.commits[key] === undefined) {
    if (silent(ctx)) return false;
    sendCommitments(ctx, s, sr, room, current.attempt);
    return true;
  }
  if (current.packages !== null && sr.shares[key] === undefined) {
    if (silent(ctx)) return false;
    sendShares(ctx, s, sr, room, current.attempt, current.packages, packageHashesOf(current));
    return true;
  }
  return false;
}

function fault(ctx: Ctx): string | null {
  return faultsEnabled() || ctx.state.simulated === true ? (ctx.state.fault?.kind ?? null) : null;
}

function silent(ctx: Ctx): boolean {
  return fault(ctx) === 'silent';
}

function nonceId(s: SessionState, attempt: number, m: number): string {
  return `${s.id}/${attempt}/${m}`;
}

function sendCommitments(
  ctx: Ctx,
  s: SessionState,
  sr: SigningRoomState,
  room: PreparedSigningRoom,
  attempt: number,
): void {
  const kp = myKeyPackage(ctx);
  let store = decodeNonceStore(sr.nonces);
  const commitments: { hiding: Uint8Array; binding: Uint8Array }[] = [];
  for (let m = 0; m < room.prepared.messages.length; m++) {
    const r = createNonce(store, nonceId(s, attempt, m), kp, ctx.rng);
    store = r.store;
    commitments.push({ hiding: r.commitment.hiding, binding: r.commitment.binding });
  }
  // RFC 9591 §5.1 / nonces.ts: the nonces are in the state before the commitment exists on the
  // wire; step() emits 'persist' before this broadcast.
  sr.nonces = encodeNonceStore(store);
  const body = encodeSigningPayload({
    type: 'sign-commitments',
    requestHash: room.prepared.requestHash,
    attempt,
    commitments,
  });
  const env = signSession(ctx, 'sign-commitments', { body });
  sr.commits[`${attempt}:${kp.identifier}`] = envelopeText(env);
  s.sent.push(envelopeText(env));
  ctx.dirty = true;
  broadcast(ctx, env);
}

function sendShares(
  ctx: Ctx,
  s: SessionState,
  sr: SigningRoomState,
  room: PreparedSigningRoom,
  attempt: number,
  packages: NonNullable<RoomProgress['attempts'][number]['packages']>,
  packageHashes: string[],
): void {
  const kp = myKeyPackage(ctx);
  let store = decodeNonceStore(sr.nonces);
  const shares: Uint8Array[] = [];
  for (let m = 0; m < packages.length; m++) {
    // Consumed (secret dropped from the store) before the share exists; the consumed store is
    // saved with the share, so a reload can never sign a second package with this nonce.
    const c = consumeNonce(store, nonceId(s, attempt, m));
    store = c.store;
    const share = round2Sign(kp, room.pkp, packages[m]!, c.nonce).share;
    shares.push(fault(ctx) === 'bad-share' ? corrupt(room, share) : share);
  }
  sr.nonces = encodeNonceStore(store);
  const body = encodeSigningPayload({
    type: 'sign-shares',
    requestHash: room.prepared.requestHash,
    attempt,
    packageHashes: packageHashes.map(fromHex),
    shares,
  });
  const env = signSession(ctx, 'sign-shares', { body });
  sr.shares[`${attempt}:${kp.identifier}`] = envelopeText(env);
  s.sent.push(envelopeText(env));
  ctx.dirty = true;
  broadcast(ctx, env);
}

/** Test builds / rehearsal only: share + 1 (a well-formed scalar that is not the share), as a cheating signer sends it. */
function corrupt(room: PreparedSigningRoom, share: Uint8Array): Uint8Array {
  const suite = getSuite(room.pkp.suite);
  return encodeScalar(suite, suite.internals.Fn.add(decodeScalar(suite, share)!, 1n));
}

function identityOfId(s: SessionState, sr: SigningRoomState, id: number): string {
  const pos = positionsById(sr).get(id);
  return pos ? s.roster[pos - 1]!.identity : '';
}

function nameOfId(s: SessionState, sr: SigningRoomState, id: number): string {
  const pos = positionsById(sr).get(id);
  return pos ? (s.roster[pos - 1]?.name ?? `share ${id}`) : `share ${id}`;
}

function fail(
  ctx: Ctx,
  s: SessionState,
  sr: SigningRoomState,
  why: string,
  message: string,
  culprits: readonly string[],
): void {
  const err = new ProtocolError(
    why === 'split-view' ? 'equivocation' : 'wrong-phase',
    message,
    culpritsOf(s, culprits.filter(Boolean)),
    'signing',
  );
  sr.status = 'failed';
  sr.error = err.toData();
  ctx.dirty = true;
  ctx.effects.push({ type: 'notice', notice: { kind: 'failed', message, error: sr.error } });
}

/** The signature(s) are made and verified (finishAttempt verifies under the group key): finalize and record. */
function finish(
  ctx: Ctx,
  s: SessionState,
  sr: SigningRoomState,
  room: PreparedSigningRoom,
  progress: RoomProgress,
): void {
  const sigs = progress.signatures!;
  const last = progress.attempts[progress.attempts.length - 1]!;
  const blamed = [...progress.blamed.keys()].sort((a, b) => a - b);
  let transaction: string | null = null;
  if (room.request.kind === 'psbt') {
    try {
      transaction = signPsbt(room.request.psbt, room.pkp.verifyingKey, room.request.network, sigs).txHex;
    } catch (e) {
      const m = e instanceof SignError ? e.message : String(e);
      return fail(ctx, s, sr, 'finalize', `the signatures do not finalize the transaction: ${m}`, []);
    }
  }
  const next = updateReputation(room.reputation, { signers: last.signers, blamed, excluded: [] });
  const record: SigningRecord = {
    format: SIGNING_RECORD_FORMAT,
    suite: room.pkp.suite,
    verifyingKey: toHex(room.pkp.verifyingKey),
    request: requestToJson(room.request),
    requestHash: sr.requestHash,
    session: room.reputation.session,
    signers: last.signers,
    signatures: sigs.map(toHex),
    ...(transaction !== null ? { transaction } : {}),
    blamed: blamed.map((identifier) => ({
      identifier,
      evidence: progress.blamed.get(identifier)!.map(evidenceToJson),
    })),
    excluded: [],
    reputation: next.changes,
  };
  const signed = signSigningRecord({ record, signatures: [] }, identityOf(ctx.state).secretKey, ctx.crypto);
  sr.status = 'done';
  sr.signatures = sigs.map(toHex);
  sr.transaction = transaction;
  sr.record = JSON.stringify(signed);
  ctx.dirty = true;
  ctx.effects.push({
    type: 'notice',
    notice: {
      kind: 'success',
      message:
        room.request.kind === 'psbt'
          ? 'the transaction is signed and every signature verifies'
          : 'the message is signed and the signature verifies',
    },
  });
}

/** Every signing envelope I hold (for anti-entropy and resend). */
export function heldSigningMessages(s: SessionState): string[] {
  const sr = s.signing;
  if (!sr) return [];
  return [...Object.values(sr.approvals), ...Object.values(sr.commits), ...Object.values(sr.shares)];
}
