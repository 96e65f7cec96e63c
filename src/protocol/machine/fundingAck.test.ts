/**
 * "Safe to fund" in the machine (issue 14): every custodian acknowledges the address and their
 * backup with one signed fund-ack; only n verified acks make it safe; and every way to fake,
 * replay, alter or contradict an ack is refused naming who. Attacks use the shipping code: the
 * real envelope sealer, step() and the real receipt verifier.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation, seededRng, type SimParticipant } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { generateIdentity, type IdentityKeyPair } from '../identity.js';
import { readTrusted, sealEnvelope } from '../envelope.js';
import { fromUtf8, toHex, utf8 } from '../encoding.js';
import { certificateOf } from '../certificate.js';
import { fundingCheckOf } from '../fundingCheck.js';
import { fundingReceiptOf, verifyFundingReceipt } from '../fundingReceipt.js';
import { taprootAddress } from '../wallet/index.js';
import { deserialize, serialize } from './serialize.js';
import { step } from './step.js';
import { view } from './view.js';
import type { Effect, Event, ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
const PROOF = (i: number): string => toHex(new Uint8Array(32).fill(0x10 + i));
let base: SimParticipant[];
let other: SimParticipant[];
let address: string;

beforeAll(async () => {
  const [a, b] = await Promise.all([
    runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, seed: 'fund', crypto }),
    runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, seed: 'fund-other', crypto }),
  ]);
  base = a.participants;
  other = b.participants;
  const s = base[0]!.state.session!;
  address = fundingCheckOf('secp256k1-tr', s.result!.verifyingKey).primary;
});

const rejections = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected'
      ? [{ code: e.notice.error?.code, ids: e.notice.error?.culprits.map((c) => c.id) }]
      : [],
  );
const broadcasts = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'broadcast' ? [e.bytes] : []));

/** Participant `who` (0-based) takes one event. */
async function on(state: ParticipantState, who: number, event: Event) {
  return step(state, event, base[who]!.rng, { crypto });
}

/** Each of `who` acknowledges on its own state; returns everyone's states after delivering all acks. */
async function allAcknowledge(who: number[] = [0, 1, 2]): Promise<{ states: ParticipantState[]; acks: Uint8Array[] }> {
  const states = base.map((p) => p.state);
  const acks: Uint8Array[] = [];
  for (const i of who) {
    const r = await on(states[i]!, i, { type: 'acknowledgeFunding', checked: address, backupProof: PROOF(i) });
    expect(rejections(r.effects)).toEqual([]);
    states[i] = r.state;
    acks.push(...broadcasts(r.effects));
  }
  for (let to = 0; to < 3; to++)
    for (const bytes of acks) states[to] = (await on(states[to]!, to, { type: 'receive', bytes })).state;
  return { states, acks };
}

/** A fund-ack signed by `by` with any payload, in any room / session / generation (the attacker's pen). */
function forge(
  by: IdentityKeyPair,
  payload: unknown,
  over: { session?: string; room?: string; generation?: number } = {},
): Uint8Array {
  const st = base[0]!.state;
  return sealEnvelope(crypto, by, {
    type: 'fund-ack',
    room: over.room ?? st.room.id,
    session: over.session ?? st.session!.id,
    generation: over.generation ?? st.generation,
    payload,
  }).bytes;
}
const goodPayload = (i: number) => ({
  groupKey: base[0]!.state.session!.result!.verifyingKey,
  checked: address,
  backupProof: PROOF(i),
});

describe('safe to fund', () => {
  it('Example: all three custodians check the address and prove their backup; every screen reaches "safe to fund" and the receipt verifies offline', async () => {
    const { states } = await allAcknowledge();
    for (const st of states) {
      const f = view(st).funding!;
      expect(f.kind).toBe('taproot-address');
      expect(f.primary).toMatch(/^bc1p/);
      expect(f.acknowledged).toEqual([1, 2, 3]);
      expect(f.waitingFor).toEqual([]);
      expect(f.safeToFund).toBe(true);
    }
    const receipt = fundingReceiptOf(states[1]!)!;
    const cert = certificateOf(states[2]!)!;
    const check = verifyFundingReceipt(receipt, cert, { crypto });
    expect(check.ok).toBe(true);
    if (check.ok)
      expect(check.acknowledgements.map((a) => [a.id, a.checked, a.backupProof])).toEqual(
        [0, 1, 2].map((i) => [i + 1, address, PROOF(i)]),
      );
  });

  it('shows who has and who has not acknowledged; not safe while one is missing', async () => {
    const { states } = await allAcknowledge([0, 2]);
    const f = view(states[0]!).funding!;
    expect(f.acknowledged).toEqual([1, 3]);
    expect(f.waitingFor).toEqual([2]);
    expect(f.safeToFund).toBe(false);
    expect(fundingReceiptOf(states[0]!)).toBeNull();
    expect(view(states[1]!).funding!.mine).toBe(false);
  });

  it('accepts the testnet / regtest spelling of the same address, which is still this key', async () => {
    const q = Buffer.from(base[0]!.state.session!.result!.verifyingKey, 'hex').subarray(1);
    const r = await on(base[1]!.state, 1, {
      type: 'acknowledgeFunding',
      checked: taprootAddress(new Uint8Array(q), 'regtest'),
      backupProof: PROOF(1),
    });
    expect(rejections(r.effects)).toEqual([]);
    const got = await on(base[0]!.state, 0, { type: 'receive', bytes: broadcasts(r.effects)[0]! });
    expect(view(got.state).funding!.acknowledged).toEqual([2]);
  });

  describe('my own acknowledgement', () => {
    it('is refused for an address that is not this key (nothing signed)', async () => {
      const otherAddress = fundingCheckOf('secp256k1-tr', other[0]!.state.session!.result!.verifyingKey).primary;
      const r = await on(base[0]!.state, 0, {
        type: 'acknowledgeFunding',
        checked: otherAddress,
        backupProof: PROOF(0),
      });
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['invalid-params']);
      expect(broadcasts(r.effects)).toEqual([]);
    });
    it('is refused without a backup proof hash', async () => {
      const r = await on(base[0]!.state, 0, { type: 'acknowledgeFunding', checked: address, backupProof: 'abcd' });
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['invalid-params']);
      expect(broadcasts(r.effects)).toEqual([]);
    });
    it('is given once: the same again signs nothing, a different one is refused (my device never equivocates)', async () => {
      const first = await on(base[0]!.state, 0, {
        type: 'acknowledgeFunding',
        checked: address,
        backupProof: PROOF(0),
      });
      const again = await on(first.state, 0, { type: 'acknowledgeFunding', checked: address, backupProof: PROOF(0) });
      expect(broadcasts(again.effects)).toEqual([]);
      expect(rejections(again.effects)).toEqual([]);
      const other = await on(first.state, 0, { type: 'acknowledgeFunding', checked: address, backupProof: PROOF(9) });
      expect(rejections(other.effects).map((x) => x.code)).toEqual(['wrong-phase']);
      expect(broadcasts(other.effects)).toEqual([]);
    });
    it('is refused before success', async () => {
      const running = structuredClone(base[0]!.state);
      running.session!.outcome = null;
      const r = await on(running, 0, { type: 'acknowledgeFunding', checked: address, backupProof: PROOF(0) });
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['wrong-phase']);
    });
  });

  describe('attacks on the acknowledgements of others', () => {
    async function receiveAt0(bytes: Uint8Array, state = base[0]!.state) {
      const r = await on(state, 0, { type: 'receive', bytes });
      return { r, f: view(r.state).funding! };
    }

    it('forged signature: refused, nobody counted', async () => {
      const good = fromUtf8(forge(base[1]!.identity, goodPayload(1)));
      const w = JSON.parse(good) as { sig: string };
      const forged = good.replace(w.sig, (w.sig[0] === '0' ? '1' : '0') + w.sig.slice(1));
      const { r, f } = await receiveAt0(utf8(forged));
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['bad-signature']);
      expect(f.acknowledged).toEqual([]);
    });

    it('wrong session (same room and generation): refused, not counted', async () => {
      const { r, f } = await receiveAt0(forge(base[1]!.identity, goodPayload(1), { session: 'ee'.repeat(32) }));
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['wrong-session']);
      expect(f.acknowledged).toEqual([]);
    });

    it('replayed ack of another ceremony: refused, not counted', async () => {
      const o = other[1]!;
      const ack = await step(
        o.state,
        {
          type: 'acknowledgeFunding',
          checked: fundingCheckOf('secp256k1-tr', o.state.session!.result!.verifyingKey).primary,
          backupProof: PROOF(1),
        },
        o.rng,
        { crypto },
      );
      const { r, f } = await receiveAt0(broadcasts(ack.effects)[0]!);
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['wrong-room']);
      expect(f.acknowledged).toEqual([]);
    });

    it('wrong address: a failure naming the sender, the signed ack kept as evidence; never safe to fund', async () => {
      const otherAddress = fundingCheckOf('secp256k1-tr', other[0]!.state.session!.result!.verifyingKey).primary;
      const bytes = forge(base[1]!.identity, { ...goodPayload(1), checked: otherAddress });
      const { r, f } = await receiveAt0(bytes);
      expect(rejections(r.effects)).toEqual([{ code: 'funding-mismatch', ids: [2] }]);
      expect(f.acknowledged).toEqual([]);
      expect(f.refused.map((x) => x.id)).toEqual([2]);
      expect(f.refused[0]!.problem).toContain(otherAddress);
      expect(r.state.session!.fundingAcks!['2']).toBe(fromUtf8(bytes));
      const { states } = await allAcknowledge([0, 2]);
      const after = await on(states[0]!, 0, { type: 'receive', bytes });
      expect(view(after.state).funding!.safeToFund).toBe(false);
      expect(fundingReceiptOf(after.state)).toBeNull();
    });

    it('wrong group key: refused naming the sender', async () => {
      const { r, f } = await receiveAt0(
        forge(base[1]!.identity, { ...goodPayload(1), groupKey: other[0]!.state.session!.result!.verifyingKey }),
      );
      expect(rejections(r.effects)).toEqual([{ code: 'funding-mismatch', ids: [2] }]);
      expect(f.acknowledged).toEqual([]);
    });

    it('ack from someone not in the roster: refused, not counted', async () => {
      const outsider = generateIdentity(seededRng('outsider'));
      const { r, f } = await receiveAt0(forge(outsider, goodPayload(1)));
      expect(rejections(r.effects).map((x) => x.code)).toEqual(['unknown-sender']);
      expect(f.acknowledged).toEqual([]);
      expect(Object.keys(r.state.session!.fundingAcks ?? {})).toEqual([]);
    });

    it('the same ack again (and re-encoded) changes nothing', async () => {
      const bytes = forge(base[1]!.identity, goodPayload(1));
      const once = await receiveAt0(bytes);
      const twice = await on(once.r.state, 0, { type: 'receive', bytes });
      expect(rejections(twice.effects)).toEqual([]);
      const w = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
      const respelled = utf8(JSON.stringify({ ...w, payload: ` ${w.payload as string} ` }));
      const thrice = await on(twice.state, 0, { type: 'receive', bytes: respelled });
      expect(rejections(thrice.effects)).toEqual([]);
      expect(view(thrice.state).funding!.acknowledged).toEqual([2]);
    });

    it('duplicate with different content (equivocation): refused naming the sender, both kept, they no longer count', async () => {
      const first = forge(base[1]!.identity, goodPayload(1));
      const second = forge(base[1]!.identity, { ...goodPayload(1), backupProof: PROOF(7) });
      const a = await receiveAt0(first);
      expect(a.f.acknowledged).toEqual([2]);
      const b = await on(a.r.state, 0, { type: 'receive', bytes: second });
      expect(rejections(b.effects)).toEqual([{ code: 'equivocation', ids: [2] }]);
      expect(b.state.session!.conflicts['fund-ack:2']).toEqual([fromUtf8(first), fromUtf8(second)]);
      const f = view(b.state).funding!;
      expect(f.acknowledged).toEqual([]);
      expect(f.refused.map((x) => x.id)).toEqual([2]);
      // The ceremony's result stands: the session is not failed by a post-success contradiction.
      expect(b.state.session!.outcome).toBe('success');
    });

    it.each([
      ['missing backup proof', { groupKey: 'x', checked: 'y' }],
      ['missing address', { groupKey: '02'.repeat(33), backupProof: PROOF(1) }],
      ['huge address', { ...{ groupKey: '02'.repeat(33), backupProof: PROOF(1) }, checked: 'b'.repeat(100_000) }],
      ['address with spaces', { groupKey: '02'.repeat(33), backupProof: PROOF(1), checked: 'bc1p abc' }],
      ['extra field', { groupKey: '02'.repeat(33), backupProof: PROOF(1), checked: 'bc1p', secret: 'x' }],
      ['huge group key', { groupKey: 'ab'.repeat(60_000), backupProof: PROOF(1), checked: 'bc1p' }],
    ])('%s: refused as malformed naming the sender', async (_name, payload) => {
      const { r, f } = await receiveAt0(forge(base[1]!.identity, payload));
      expect(rejections(r.effects)).toEqual([{ code: 'malformed', ids: [2] }]);
      expect(f.acknowledged).toEqual([]);
    });
  });

  it('resume after reload keeps the acknowledgements (mine and others), and a resend repeats mine', async () => {
    const { states } = await allAcknowledge([0, 1]);
    const reloaded = deserialize(serialize(states[0]!));
    const resumed = await on(reloaded, 0, { type: 'resumed' });
    expect(view(resumed.state).funding!.acknowledged).toEqual([1, 2]);
    const resend = await on(resumed.state, 0, { type: 'resend' });
    expect(broadcasts(resend.effects).some((b) => readTrusted(fromUtf8(b)).type === 'fund-ack')).toBe(true);
  });
});
