import { describe, expect, it } from 'vitest';
import { toHex } from '../encoding.js';
import { approvingCustodians, receiveApproval, startApprovals, undecided } from './approvals.js';
import {
  decodeSigningPayload,
  encodeSigningPayload,
  MAX_SIGNING_MESSAGE_CHARS,
  type SigningPayload,
} from './messages.js';

const H = new Uint8Array(32).fill(0xab);
const P = Uint8Array.of(2, ...new Uint8Array(32).fill(1)); // a 33-byte element (format only)
const S = new Uint8Array(32).fill(0x3c);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('signing payloads', () => {
  const payloads: SigningPayload[] = [
    { type: 'sign-approval', requestHash: H, decision: 'approve' },
    {
      type: 'sign-commitments',
      requestHash: H,
      attempt: 2,
      commitments: [
        { hiding: P, binding: P },
        { hiding: P, binding: P },
      ],
    },
    { type: 'sign-shares', requestHash: H, attempt: 2, packageHashes: [H, H], shares: [S, S] },
  ];

  it('round-trip exactly', () => {
    for (const p of payloads) expect(decodeSigningPayload(encodeSigningPayload(p), 'secp256k1-tr', 2)).toEqual(p);
  });

  it('refuses missing, extra, duplicated and re-encoded members, wrong counts and sizes, huge text', () => {
    const shares = JSON.parse(encodeSigningPayload(payloads[2]!));
    const commitments = JSON.parse(encodeSigningPayload(payloads[1]!));
    const bad = [
      'null',
      '[]',
      '{"type":"sign-nothing"}',
      JSON.stringify({ ...shares, extra: 1 }),
      JSON.stringify({ ...shares, attempt: undefined }),
      JSON.stringify({ ...shares, attempt: 0 }),
      JSON.stringify({ ...shares, attempt: 1.5 }),
      JSON.stringify({ ...shares, shares: [toHex(S)] }), // fewer than messages
      JSON.stringify({ ...shares, shares: [toHex(S), toHex(S), toHex(S)] }), // more
      JSON.stringify({ ...shares, shares: [toHex(S).toUpperCase(), toHex(S)] }), // re-encoded hex
      JSON.stringify({ ...shares, shares: [toHex(S) + '00', toHex(S)] }), // too long
      JSON.stringify({ ...commitments, commitments: [{ hiding: toHex(P) }, { hiding: toHex(P), binding: toHex(P) }] }),
      JSON.stringify({ type: 'sign-approval', requestHash: toHex(H), decision: 'maybe' }),
      encodeSigningPayload(payloads[0]!).replace('{', '{"decision":"refuse",'), // duplicated member
      ' '.repeat(MAX_SIGNING_MESSAGE_CHARS + 1),
    ];
    for (const t of bad)
      expect([t.slice(0, 60), code(() => decodeSigningPayload(t, 'secp256k1-tr', 2))]).toEqual([
        t.slice(0, 60),
        'malformed-message',
      ]);
  });
});

describe('approvals', () => {
  const other = new Uint8Array(32).fill(0xcd);
  it('records decisions once; duplicates are idempotent; a changed answer is reported and the first stands', () => {
    let s = startApprovals(H, [1, 2, 3]);
    const kinds: string[] = [];
    for (const [sender, decision] of [
      [1, 'approve'],
      [1, 'approve'],
      [2, 'refuse'],
      [1, 'refuse'],
    ] as const) {
      const r = receiveApproval(s, sender, { type: 'sign-approval', requestHash: H, decision });
      s = r.state;
      kinds.push(r.result.kind);
    }
    expect(kinds).toEqual(['recorded', 'duplicate', 'recorded', 'changed']);
    expect(approvingCustodians(s)).toEqual([1]);
    expect(undecided(s)).toEqual([3]);
  });

  it('an approval of another request is a split view: nobody is approving any more', () => {
    let s = startApprovals(H, [1, 2, 3]);
    s = receiveApproval(s, 1, { type: 'sign-approval', requestHash: H, decision: 'approve' }).state;
    s = receiveApproval(s, 2, { type: 'sign-approval', requestHash: H, decision: 'approve' }).state;
    const r = receiveApproval(s, 3, { type: 'sign-approval', requestHash: other, decision: 'approve' });
    expect(r.result).toEqual({ kind: 'split-view', sender: 3, theirHash: toHex(other), ourHash: toHex(H) });
    expect(approvingCustodians(r.state)).toEqual([]);
  });

  it('a non-member is ignored', () => {
    const r = receiveApproval(startApprovals(H, [1, 2]), 7, {
      type: 'sign-approval',
      requestHash: H,
      decision: 'approve',
    });
    expect(r.result).toEqual({ kind: 'not-a-member', sender: 7 });
    expect(approvingCustodians(r.state)).toEqual([]);
  });
});
