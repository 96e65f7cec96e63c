/**
 * Sample UI states for each screen (dev and test builds only): `?fixture=<name>` renders one.
 * Used for screenshots, the axe scans and UI-only e2e checks; never part of production.
 */
import { encodeContact, fromHex, BITCOIN_NETWORK_NAMES, walletOutputs } from '../../protocol/index';
import {
  pairKey,
  initialUiState,
  type Candidate,
  type DownloadFile,
  type FailureInfo,
  type LinkState,
  type Progress,
  type RosterMember,
  type RoundKey,
  type UiState,
} from '../../store/index';

const id = (c: string) => c.repeat(64).slice(0, 64);
export const P = {
  alice: { id: id('a1'), name: 'Alice', fingerprint: '3F2A 91C0 7B44 E018' },
  bob: { id: id('b2'), name: 'Bob', fingerprint: '88D1 0C5E A9F3 2B77' },
  carol: { id: id('c3'), name: 'Carol', fingerprint: 'E40B 6A12 D9C8 5F31' },
  dave: { id: id('d4'), name: 'Dave', fingerprint: '1C7E F052 3BA6 90D4' },
  erin: { id: id('e5'), name: 'Erin', fingerprint: '5B90 2E8F 44C1 A76D' },
  mallory: { id: id('f6'), name: 'Mallory', fingerprint: 'AA03 7D2C 19EF 6B58' },
} as const;
type Who = keyof typeof P;

const NOW = () => Date.now();
const params = { suite: 'FROST-ED25519-SHA512-v1' as const, t: 3, n: 4, label: 'Treasury 2026' };
const room = {
  roomId: 'r-7f3c91',
  inviteUrl: 'https://ceremony.example.org/#r=r-7f3c91&s=Qm9vdHN0cmFwU2VjcmV0LW5vdC1yZWFsLTAx',
  generation: 0,
};
const CODE = 'maple · orbit · velvet · 4271';

function cand(w: Who, extra: Partial<Candidate> = {}): Candidate {
  return {
    ...P[w],
    connection: 'direct',
    online: true,
    reputation: 0,
    jailed: null,
    isCoordinator: w === 'alice',
    ...extra,
  };
}
function roster(...ws: Who[]): RosterMember[] {
  return ws.map((w, i) => ({ ...P[w], index: i + 1 }));
}
const four = roster('alice', 'bob', 'carol', 'dave');
const all = (r: RosterMember[]) => r.map((m) => m.id);

/** Every pair linked directly except the given ones. */
function links(r: RosterMember[], odd: [Who, Who, LinkState][] = []): Record<string, LinkState> {
  const out: Record<string, LinkState> = {};
  for (const a of r) for (const b of r) if (a.id < b.id) out[pairKey(a.id, b.id)] = 'direct';
  for (const [a, b, s] of odd) out[pairKey(P[a].id, P[b].id)] = s;
  return out;
}
/** Full progress for rounds before `upto`; `partial` says what each recipient holds in `upto`. */
function progress(
  r: RosterMember[],
  upto: RoundKey | null,
  partial: Record<string, string[]> = {},
  odd: [Who, Who, LinkState][] = [],
): Progress {
  const order: RoundKey[] = ['round1', 'echo', 'round2', 'confirm'];
  const stop = upto === null ? order.length : order.indexOf(upto);
  const full = Object.fromEntries(r.map((m) => [m.id, all(r).filter((x) => x !== m.id)]));
  const rounds = Object.fromEntries(
    order.map((k, i) => [k, { received: i < stop ? full : i === stop ? partial : {} }]),
  ) as Progress['rounds'];
  return { rounds, links: links(r, odd) };
}

const me = (w: Who, coord = w === 'alice') => ({ ...P[w], isCoordinator: coord });
const fcContact = (name: string, fill: number) => ({
  name,
  text: encodeContact({ name, pubkey: new Uint8Array(32).fill(fill) }),
});
const lobbyCandidates = [
  cand('alice', { reputation: 2, frostClientContact: fcContact('alice-laptop', 1) }),
  cand('bob', { reputation: 1, connection: 'relayed', frostClientContact: fcContact('Bob', 2) }),
  cand('carol', { reputation: 2, frostClientContact: fcContact('Carol', 3) }),
  cand('dave'),
  cand('erin', { connection: 'connecting' }),
  cand('mallory', {
    reputation: -3,
    jailed: { reason: 'Sent Carol a bad secret piece in attempt 1.', untilGeneration: 3 },
  }),
];
const base = (): UiState => ({ ...initialUiState(), params, room });
const confirmedAll = (r: RosterMember[]) => ({ code: CODE, myAnswer: 'match' as const, confirmed: all(r) });

const success = (): UiState => ({
  ...base(),
  phase: 'success',
  me: me('alice'),
  roster: four,
  candidates: lobbyCandidates.slice(0, 4),
  verification: confirmedAll(four),
  progress: progress(four, null),
  success: {
    groupKeyHex: '5e3c9a17f0b2d48e6c21a7f9b35d0e84c6a2f17b9d03e58a4c61b2f7e90d3a15',
    confirmations: all(four),
    publicKeyPackage: {
      filename: 'treasury-2026.public-key-package.json',
      mimeType: 'application/json',
      data: '{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"fixture":true}',
    },
    certificate: { filename: 'treasury-2026.certificate.json', mimeType: 'application/json', data: '{"fixture":true}' },
    publicKeyPackageFrostCore2: {
      filename: 'public-key-package.frost-core-2.json',
      mimeType: 'application/json',
      data: '{"fixture":true}',
    },
    wallet: [
      walletOutputs({
        suite: 'ed25519',
        verifyingKey: fromHex('5e3c9a17f0b2d48e6c21a7f9b35d0e84c6a2f17b9d03e58a4c61b2f7e90d3a15'),
      }),
    ],
    frostClient: { status: 'missing', missing: ['Dave'] },
  },
});

// BIP-341 wallet test vector (key path only): internal key d688…, output key 53a1….
const TR_INTERNAL = 'd6889cb081036e0faefa3a35157ad71086b123b2b144b649798b494c300a961d';
const TR_GROUP_KEY = '0253a1f6e454df1aa2776a2814a721372d6258050de330b3c6d10ee8f4e0dda343';
const successTaproot = (): UiState => {
  const s = success();
  return {
    ...s,
    params: { suite: 'FROST-secp256k1-SHA256-TR-v1', t: 3, n: 4, label: 'Treasury 2026' },
    success: {
      ...(s.success as NonNullable<UiState['success']>),
      groupKeyHex: TR_GROUP_KEY,
      wallet: BITCOIN_NETWORK_NAMES.map((network) =>
        walletOutputs(
          { suite: 'secp256k1-tr', verifyingKey: fromHex(TR_GROUP_KEY) },
          { network, internalKey: fromHex(TR_INTERNAL) },
        ),
      ),
      frostClient: { status: 'unsupported', suite: 'secp256k1-tr' },
    },
  };
};

/** Ten people, some with long names: for layout at phone width. */
function tenPeople(): RosterMember[] {
  const names = [
    'Alice',
    'Bob',
    'Carol',
    'Maximilian Alexander',
    'Erin',
    'Frank',
    'Grace',
    'Heidi',
    'Ivan',
    'Judy-Anne Okonkwo',
  ];
  return names.map((name, i) => ({
    id: id((i + 10).toString(16)),
    index: i + 1,
    name,
    fingerprint: `${(i + 10).toString(16).toUpperCase().repeat(2)}00 1111 2222 3333`,
  }));
}

/** A sample envelope's wire text (the signature is a placeholder: fixtures are never verified). */
function envelopeOf(type: string, w: Who): string {
  return JSON.stringify({
    v: 1,
    type,
    room: room.roomId,
    session: 'ab'.repeat(32),
    gen: 0,
    from: P[w].id,
    payload: '{}',
    sig: '00'.repeat(64),
  });
}
/** A sample failure record (the shape of the real one, as the evidence download). */
function record(reason: string, culprits: string[], evidence: Record<string, unknown> | null): DownloadFile {
  const payload = JSON.stringify({
    reason,
    culprits,
    evidence: evidence ? [evidence] : [],
    roster: envelopeOf('roster', 'alice'),
  });
  const data = JSON.stringify({
    v: 1,
    type: 'failure',
    room: room.roomId,
    session: 'ab'.repeat(32),
    gen: 0,
    from: P.alice.id,
    payload,
    sig: '00'.repeat(64),
  });
  return { filename: 'treasury-2026.attempt-1.failure.json', mimeType: 'application/json', data };
}
/** The failure screen as `w` sees it after the four-person attempt failed (round null, as live). */
function failedAt(
  w: Who,
  f: Pick<FailureInfo, 'findings' | 'culprits' | 'evidence' | 'actions'>,
  at: 'confirm' | 'verify' = 'confirm',
): UiState {
  const held = (...ws: Who[]) => ws.map((x) => P[x].id);
  return {
    ...base(),
    phase: 'failed',
    me: me(w),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: at === 'confirm' ? confirmedAll(four) : { code: CODE, myAnswer: null, confirmed: [] },
    // Stopped in the confirmation round (some confirmations in), or at the code check (nothing exchanged).
    progress:
      at === 'confirm'
        ? progress(four, 'confirm', {
            [P.alice.id]: held('bob', 'carol', 'dave'),
            [P.bob.id]: held('alice', 'carol'),
            [P.carol.id]: held('alice'),
            [P.dave.id]: held('alice', 'bob', 'carol'),
          })
        : null,
    failure: { generation: 0, round: null, at: NOW(), ...f },
  };
}

/** Sample states by name. */
export const FIXTURES: Record<string, () => UiState> = {
  start: () => initialUiState(),
  'start-invite': () => ({ ...initialUiState(), pendingInviteUrl: room.inviteUrl }),
  rehearsal: () => ({ ...initialUiState(), phase: 'rehearsal-setup' }),
  connecting: () => ({ ...base(), phase: 'connecting', me: me('bob') }),
  resumed: () => ({
    ...FIXTURES.progress!(),
    phase: 'round2',
    notice: { text: 'Welcome back: the ceremony resumed where it was before the reload.', tone: 'info' },
  }),
  lobby: () => ({
    ...base(),
    phase: 'lobby',
    me: me('alice'),
    candidates: lobbyCandidates,
    selection: [P.alice.id, P.carol.id, P.bob.id],
    history: [{ generation: 0, outcome: 'failed', culprits: [P.mallory.id] }],
    room: { ...room, generation: 1 },
  }),
  'lobby-guest': () => ({ ...base(), phase: 'lobby', me: me('bob'), candidates: lobbyCandidates.slice(0, 5) }),
  verify: () => ({
    ...base(),
    phase: 'verify',
    me: me('alice'),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: { code: CODE, myAnswer: null, confirmed: [P.carol.id] },
  }),
  /** A 1-of-4 key (allowed by a CLI coordinator): the warning to accept before "Codes match". */
  'verify-single-signer': () => {
    const v = FIXTURES.verify!();
    return { ...v, params: { ...v.params!, t: 1 } };
  },
  /** Someone joined as Cyrillic "Аlice" beside Alice: both names are flagged. */
  'lobby-lookalike': () => {
    const l = FIXTURES['lobby-guest']!();
    return { ...l, candidates: l.candidates.map((c) => (c.id === P.dave.id ? { ...c, name: '\u0410lice' } : c)) };
  },
  /** The roster is locked, the code still waits for Bob's part (commit-then-reveal). */
  'verify-code-coming': () => ({
    ...base(),
    phase: 'verify',
    me: me('alice'),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: { code: null, awaiting: [P.bob.id], myAnswer: null, confirmed: [] },
    waiting: [{ id: P.bob.id, reason: 'code', since: NOW() - 5_000 }],
  }),
  'verify-waiting': () => ({
    ...base(),
    phase: 'verify',
    me: me('alice'),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: { code: CODE, myAnswer: 'match', confirmed: [P.alice.id, P.carol.id] },
    waiting: [
      { id: P.bob.id, reason: 'code', since: NOW() - 8_000 },
      { id: P.dave.id, reason: 'code', since: NOW() - 8_000 },
    ],
  }),
  progress: () => ({
    ...base(),
    phase: 'round2',
    me: me('alice'),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: confirmedAll(four),
    progress: progress(
      four,
      'round2',
      {
        [P.alice.id]: [P.bob.id, P.carol.id],
        [P.bob.id]: [P.alice.id, P.carol.id],
        [P.carol.id]: [P.alice.id, P.bob.id],
      },
      [
        ['alice', 'dave', 'down'],
        ['bob', 'dave', 'down'],
        ['carol', 'dave', 'connecting'],
        ['alice', 'bob', 'relayed'],
      ],
    ),
    waiting: [{ id: P.dave.id, reason: 'round2', since: NOW() - 12_000 }],
  }),
  'progress-confirm': () => ({
    ...base(),
    phase: 'confirm',
    me: me('carol', false),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: confirmedAll(four),
    progress: progress(four, 'confirm', { [P.carol.id]: [P.alice.id, P.bob.id] }),
    pendingGroupKeyHex: '5e3c9a17f0b2d48e6c21a7f9b35d0e84c6a2f17b9d03e58a4c61b2f7e90d3a15',
    waiting: [{ id: P.dave.id, reason: 'confirm', since: NOW() - 75_000 }],
  }),
  'progress-large': () => {
    const r = tenPeople();
    const ids = all(r);
    const held = Object.fromEntries(
      r.slice(0, 7).map((m, i) => [m.id, ids.filter((x, j) => x !== m.id && j !== 9 && (i + j) % 5 !== 0)]),
    );
    return {
      ...base(),
      params: { ...params, t: 6, n: 10, label: 'Validator set 2026 (ten custodians, long label to test wrapping)' },
      phase: 'round1',
      me: { ...r[0]!, isCoordinator: true },
      roster: r,
      candidates: [],
      verification: { code: '3805 1063 0807 9065', myAnswer: 'match', confirmed: ids },
      progress: {
        rounds: {
          round1: { received: held },
          echo: { received: {} },
          round2: { received: {} },
          confirm: { received: {} },
        },
        links: {},
      },
      waiting: [
        { id: r[9]!.id, reason: 'round1', since: NOW() - 95_000 },
        { id: r[3]!.id, reason: 'round1', since: NOW() - 4_000 },
      ],
    };
  },
  failure: () => ({
    ...base(),
    phase: 'failed',
    me: me('alice'),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: confirmedAll(four),
    progress: progress(four, 'confirm'),
    failure: {
      generation: 0,
      round: 'round2',
      findings: [
        {
          code: 'bad-share',
          culprit: P.bob.id,
          victim: P.carol.id,
          detail: 'round 2 share for identifier 3 fails the commitment check',
        },
      ],
      culprits: [P.bob.id],
      evidence: {
        filename: 'treasury-2026.attempt-1.failure.json',
        mimeType: 'application/json',
        data: '{"fixture":true}',
      },
      actions: ['restart-without', 'leave'],
      at: NOW(),
    },
  }),
  'failure-guest': () => ({
    ...FIXTURES.failure!(),
    me: me('carol', false),
    failure: { ...FIXTURES.failure!().failure!, actions: ['leave'] },
  }),
  'failure-left': () => ({
    ...FIXTURES.failure!(),
    phase: 'failed',
    failure: {
      generation: 0,
      round: 'round2',
      findings: [{ code: 'left', culprit: P.dave.id }],
      culprits: [P.dave.id],
      evidence: null,
      actions: ['restart-without', 'leave'],
      at: NOW(),
    },
  }),
  /** Carol's browser confirmed another key than the one her own echoed round-1 set gives. */
  'failure-false-confirmation': () =>
    failedAt('alice', {
      findings: [
        {
          code: 'confirmation-mismatch',
          culprit: P.carol.id,
          detail: 'Carol (#3) confirmed another group key than the round-1 set they echoed gives',
        },
      ],
      culprits: [P.carol.id],
      evidence: record('confirmation-mismatch', [P.carol.id], { kind: 'false-confirmation' }),
      actions: ['restart-without', 'leave'],
    }),
  /** Same key everywhere, other transcripts: nobody can be blamed (seen by a guest). */
  'failure-transcript-mismatch': () =>
    failedAt('bob', {
      findings: [
        {
          code: 'confirmation-mismatch',
          culprit: null,
          detail:
            'confirmations disagree on the transcript (Dave received other roster, start or echo messages); no one can be blamed from them',
        },
      ],
      culprits: [],
      evidence: record('confirmation-mismatch', [], null),
      actions: ['leave'],
    }),
  /** Dave signed two versions of his confirmation (the record holds both). */
  'failure-confirmation-equivocation': () =>
    failedAt('alice', {
      findings: [{ code: 'equivocation', culprit: P.dave.id }],
      culprits: [P.dave.id],
      evidence: record('equivocation', [P.dave.id], {
        kind: 'equivocation',
        first: envelopeOf('confirmation', 'dave'),
        second: envelopeOf('confirmation', 'dave'),
      }),
      actions: ['restart-without', 'leave'],
    }),
  /** Dave signed two versions of his confirm-echo, seen by a guest. */
  'failure-confirm-echo-equivocation': () =>
    failedAt('carol', {
      findings: [{ code: 'equivocation', culprit: P.dave.id }],
      culprits: [P.dave.id],
      evidence: record('equivocation', [P.dave.id], {
        kind: 'equivocation',
        first: envelopeOf('confirm-echo', 'dave'),
        second: envelopeOf('confirm-echo', 'dave'),
      }),
      actions: ['leave'],
    }),
  /** The coordinator Alice signed two rosters for this attempt (seen by Bob). */
  'failure-roster-equivocation': () =>
    failedAt(
      'bob',
      {
        findings: [{ code: 'roster-equivocation', culprit: P.alice.id }],
        culprits: [P.alice.id],
        evidence: record('equivocation', [P.alice.id], {
          kind: 'roster-equivocation',
          roster: envelopeOf('roster', 'alice'),
        }),
        actions: ['leave'],
      },
      'verify',
    ),
  excluded: () => ({
    ...base(),
    phase: 'aborted',
    me: me('dave', false),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: confirmedAll(four),
    progress: progress(four, 'round2'),
    failure: {
      generation: 0,
      round: null,
      findings: [{ code: 'excluded', culprit: P.dave.id }],
      culprits: [P.dave.id],
      evidence: null,
      actions: ['leave'],
      at: NOW(),
    },
  }),
  aborted: () => ({
    ...base(),
    phase: 'aborted',
    me: me('bob', false),
    roster: four,
    candidates: lobbyCandidates.slice(0, 4),
    verification: { code: CODE, myAnswer: 'differ', confirmed: [P.alice.id] },
    failure: {
      generation: 0,
      round: null,
      findings: [{ code: 'code-mismatch', culprit: null, victim: P.bob.id }],
      culprits: [],
      evidence: null,
      actions: ['leave'],
      at: NOW(),
    },
  }),
  success,
  'success-taproot': successTaproot,
  'success-frost-client': () => {
    const s = success();
    return { ...s, success: { ...(s.success as NonNullable<UiState['success']>), frostClient: { status: 'ready' } } };
  },
  'success-saved': () => ({
    ...success(),
    backup: { status: 'saved', method: 'passphrase', filename: 'treasury-2026.alice.age', lastError: null },
  }),
  'success-done': () => ({
    ...success(),
    backup: { status: 'verified', method: 'passphrase', filename: 'treasury-2026.alice.age', lastError: null },
    testSign: {
      status: 'ok',
      message: 'test signature',
      signers: ['Alice', 'Bob', 'Carol'],
      signatureHex: 'c0ffee'.repeat(21) + 'ee',
      error: null,
    },
  }),
  'rehearsal-progress': () => ({
    ...FIXTURES.progress!(),
    phase: 'echo',
    rehearsal: { n: 4, t: 3, suite: 'FROST-ED25519-SHA512-v1', faults: [{ kind: 'vanish', who: 4 }] },
    progress: progress(four, 'echo', { [P.alice.id]: [P.bob.id], [P.bob.id]: [P.alice.id, P.carol.id] }),
    waiting: [
      { id: P.carol.id, reason: 'echo', since: NOW() - 3_000 },
      { id: P.dave.id, reason: 'echo', since: NOW() - 41_000 },
    ],
  }),
};
