/**
 * Complaints (COCKTAIL "Ciphertexts Not Bound by the Transcript", options 2 + 3): the accuser
 * reveals S^e, S^d and a DLEQ proof for ONE ciphertext; the shipping judge (blame.ts
 * judgeEvidence → cocktail/dispute.ts checkDispute) re-derives the key from the accused's signed
 * msg1. Property: whatever bytes a complaint carries, it never names an honest sender; an honest
 * accuser's true reveal of a bad ciphertext names the sender.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { judgeEvidence } from './blame.js';
import { revealPairwiseKey } from './cocktail/dispute.js';
import { parseMsg1 } from './cocktail/messages.js';
import { ceremonyTranscript, cocktailSessionOf, encodeReveal, revealBytes } from './cocktailBinding.js';
import { envelopeText, readTrusted, sealEnvelope } from './envelope.js';
import { fromHex, toHex } from './encoding.js';
import type { IdentityKeyPair } from './identity.js';
import { badShareMsg1 } from './machine/cocktailFaults.js';
import { contextFromRoster, type SessionContext } from './sessionContext.js';
import { staticKeyPair } from './staticKeys.js';
import { confirmFixture, type ConfirmFixture } from './testing/confirmations.js';
import { seededRng } from './simulation.js';

const crypto = createNodeIdentityCrypto();
let f: ConfirmFixture;
let sc: SessionContext;
beforeAll(async () => {
  f = await confirmFixture('complaints', crypto);
  const ctx = contextFromRoster(readTrusted(f.p1.session!.rosterEnvelope));
  if (ctx instanceof Error) throw ctx;
  sc = ctx;
});

const identity = (i: number) => f.participants[i]!.identity as IdentityKeyPair;
const sign = (i: number, type: 'complaint' | 'round1', payload: unknown): string =>
  envelopeText(
    sealEnvelope(crypto, identity(i), {
      type,
      room: sc.room,
      session: sc.sessionId,
      generation: sc.generation,
      payload,
    }),
  );
const round1Of = (id: number): string => f.p1.session!.round1[String(id)]!;
const msg1Of = (text: string) => {
  const session = cocktailSessionOf(sc);
  return parseMsg1(
    session.suite,
    session.t,
    3,
    3,
    fromHex((JSON.parse(readTrusted(text).payload) as { msg1: string }).msg1),
  );
};
/** P2's true reveal for the ciphertext P3's msg1 (round1 text) carries for it. */
const trueReveal = (round1Text: string): string => {
  const session = cocktailSessionOf(sc);
  const m = msg1Of(round1Text);
  return toHex(
    encodeReveal(
      revealPairwiseKey(session.suite, {
        context: session.context,
        sender: 3,
        recipient: 2,
        staticSecret: staticKeyPair('ed25519', fromHex(f.participants[1]!.state.master)).secret,
        senderStatic: session.staticPublicKeys[2]!,
        senderEphemeral: m.ephemeral,
        senderCommitment: m.commitment,
        ciphertext: m.ciphertexts[1]!,
        claim: 'vss-mismatch',
      }),
    ),
  );
};
const judge = (round1: string, reveal: string) =>
  judgeEvidence(crypto, sc, { kind: 'complaint', round1, complaint: sign(1, 'complaint', { accused: 3, reveal }) });

describe('complaints against an honest sender', () => {
  it('P2’s true reveal of P3’s good ciphertext names P2 (false complaint), never P3', async () => {
    const v = await judge(round1Of(3), trueReveal(round1Of(3)));
    expect(v).toEqual({ ok: true, culprit: toHex(identity(1).publicKey), reason: 'false-complaint' });
  });

  it('property: any reveal bytes (random, mutated true reveal, wrong length) never name P3', async () => {
    const good = trueReveal(round1Of(3));
    const len = revealBytes(cocktailSessionOf(sc).suite);
    const reveal = fc.oneof(
      fc.uint8Array({ minLength: len, maxLength: len }).map(toHex),
      fc.uint8Array({ minLength: 1, maxLength: 2 * len }).map(toHex),
      fc.tuple(fc.integer({ min: 0, max: len - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
        const b = fromHex(good);
        b[at] = b[at]! ^ x;
        return toHex(b);
      }),
    );
    const p3 = toHex(identity(2).publicKey);
    await fc.assert(
      fc.asyncProperty(reveal, async (r) => {
        const v = await judge(round1Of(3), r);
        if (v.ok) expect(v.culprit).not.toBe(p3);
      }),
      { numRuns: 80 },
    );
  });
});

describe('complaints against a bad sender', () => {
  it('P3 signs a msg1 whose ciphertext for P2 fails VSS: P2’s true reveal names P3 (bad-share)', async () => {
    const session = cocktailSessionOf(sc);
    const bad = badShareMsg1(
      {
        session,
        index: 3,
        staticSecret: staticKeyPair('ed25519', fromHex(f.participants[2]!.state.master)).secret,
        rng: seededRng('bad-p3'),
      },
      [2],
    );
    const round1 = sign(2, 'round1', { msg1: toHex(bad) });
    const v = await judge(round1, trueReveal(round1));
    expect(v).toEqual({ ok: true, culprit: toHex(identity(2).publicKey), reason: 'bad-share' });
    // The bad msg1 is otherwise well-formed: T can be built from it (no invalid-round1 shortcut).
    const msgs = [1, 2].map((i) => msg1Of(round1Of(i)));
    expect(ceremonyTranscript(sc, session, [...msgs, msg1Of(round1)]).length).toBeGreaterThan(0);
  });
});
