/**
 * Issue 14 (d): a custodian's frost-client contact travels in their identity-signed Hello.
 * A bad or re-spelled contact is refused naming its sender; the contact is covered by the
 * Hello signature (changing it in transit breaks the signature); peers show it in the view.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { sealEnvelope } from '../envelope.js';
import type { ProtocolErrorData } from '../errors.js';
import { toHex } from '../encoding.js';
import { generateIdentity } from '../identity.js';
import { encodeContact } from '../frostClient/contact.js';
import { createParticipant, step } from './step.js';
import { helloMac } from './lobby.js';
import { staticPublicKeys } from '../staticKeys.js';
import { view } from './view.js';
import type { ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
// Alice's contact from ZF's frost-client walkthrough (frost book), as `frost-client export` printed it.
const ALICE_CONTACT = 'zffrost1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws';
const BOB_CONTACT = encodeContact({ name: 'Bob', pubkey: new Uint8Array(32).fill(7) });

const coordinator = generateIdentity(seededRng('coord'));
const p2 = generateIdentity(seededRng('p2'));
const p2hex = toHex(p2.publicKey);
const room = { id: 'room-contact', secret: new Uint8Array(32).fill(9), coordinator: coordinator.publicKey };

function make(id: typeof p2, isCoordinator: boolean, contact?: string): ParticipantState {
  return createParticipant({
    identity: id,
    name: isCoordinator ? 'Carol' : 'Dave',
    room,
    isCoordinator,
    rng: seededRng(toHex(id.publicKey)),
    ...(contact !== undefined ? { frostClientContact: contact } : {}),
  });
}

async function deliver(
  bytes: Uint8Array,
  to: ParticipantState,
): Promise<{ state: ParticipantState; errors: ProtocolErrorData[] }> {
  const r = await step(to, { type: 'receive', bytes }, seededRng('rx'), { crypto });
  return {
    state: r.state,
    errors: r.effects.flatMap((e) =>
      e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
    ),
  };
}

async function helloOf(p: ParticipantState): Promise<Uint8Array> {
  const r = await step(p, { type: 'announce' }, seededRng('tx'), { crypto });
  const b = r.effects.find((e) => e.type === 'broadcast');
  if (!b || b.type !== 'broadcast') throw new Error('no hello broadcast');
  return b.bytes;
}

/** A Hello signed by P2 (the shipping sealer) carrying `contact`. */
function helloWith(contact: string): Uint8Array {
  const eph = make(p2, false).ephemeral.publicKey;
  const payload = {
    name: 'Dave',
    ephemeral: eph,
    commit: 'ab'.repeat(32),
    mac: helloMac(room.secret, room.id, 0, p2hex, eph, 'Dave'),
    statics: staticPublicKeys(seededRng('dave-master')(32)),
    contact,
  };
  return sealEnvelope(crypto, p2, { type: 'hello', room: room.id, session: '', generation: 0, payload }).bytes;
}

describe('frost-client contact in the Hello', () => {
  it('travels in the signed Hello and shows for that person (canonical form, whatever was pasted)', async () => {
    const carol = make(coordinator, true);
    const dave = make(p2, false, `  ${ALICE_CONTACT.toUpperCase()}\n`);
    expect(dave.frostClientContact).toBe(ALICE_CONTACT);
    const { state, errors } = await deliver(await helloOf(dave), carol);
    expect(errors).toEqual([]);
    expect(view(state).candidates.find((c) => c.identity === p2hex)?.frostClientContact).toBe(ALICE_CONTACT);
    expect(view(dave).me.frostClientContact).toBe(ALICE_CONTACT);
  });

  it('a Hello without a contact is accepted and shows none', async () => {
    const { state, errors } = await deliver(await helloOf(make(p2, false)), make(coordinator, true));
    expect(errors).toEqual([]);
    expect(view(state).candidates.find((c) => c.identity === p2hex)?.frostClientContact).toBeNull();
  });

  it('a bad contact at creation is refused before anything is sent', () => {
    expect(() => make(p2, false, 'zffrost1notacontact')).toThrow(/contact/);
  });

  it.each([
    ['broken checksum', `${ALICE_CONTACT.slice(0, -1)}q`],
    ['wrong prefix', 'npub1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws'],
    ['not canonical (upper case)', ALICE_CONTACT.toUpperCase()],
    ['not canonical (padded)', ` ${ALICE_CONTACT}`],
  ])('a Hello with a bad contact (%s) is refused naming its sender', async (_what, contact) => {
    const { state, errors } = await deliver(helloWith(contact), make(coordinator, true));
    expect(errors.map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([['malformed', [p2hex]]]);
    expect(errors[0]?.message).toMatch(/frost-client contact/);
    expect(state.candidates[p2hex]).toBeUndefined();
  });

  it('the contact is covered by the Hello signature: swapping it in transit is refused', async () => {
    const genuine = new TextDecoder().decode(await helloOf(make(p2, false, ALICE_CONTACT)));
    expect(genuine).toContain(ALICE_CONTACT);
    const swapped = new TextEncoder().encode(genuine.replace(ALICE_CONTACT, BOB_CONTACT));
    const { state, errors } = await deliver(swapped, make(coordinator, true));
    expect(errors.map((e) => e.code)).toEqual(['bad-signature']);
    expect(state.candidates[p2hex]).toBeUndefined();
    // …and the genuine one is accepted.
    expect((await deliver(new TextEncoder().encode(genuine), make(coordinator, true))).errors).toEqual([]);
  });

  it('a second Hello differing only in the contact is a different hello (first kept, sender named)', async () => {
    const carol = make(coordinator, true);
    const first = await deliver(await helloOf(make(p2, false, ALICE_CONTACT)), carol);
    const second = await deliver(await helloOf(make(p2, false, BOB_CONTACT)), first.state);
    expect(second.errors.map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([
      ['duplicate-different', [p2hex]],
    ]);
    expect(second.state.candidates[p2hex]?.contact).toBe(ALICE_CONTACT);
  });
});
