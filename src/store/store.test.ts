import { describe, expect, it } from 'vitest';
import {
  applySnapshot,
  recordBackupProofFailed,
  recordBackupSaved,
  recordBackupVerified,
  recordTestSign,
  resetUi,
  selectBestRanked,
  setActionError,
  setBusy,
  setCandidates,
  setFailure,
  setSuccess,
  setWaiting,
  startTestSign,
  toggleSelection,
} from './actions';
import { pairKey } from './pairKey';
import {
  isLockedPhase,
  latestRoundWithTraffic,
  namesById,
  screenFor,
  selectCanLock,
  selectHeader,
  selectIsDone,
  selectRankedCandidates,
} from './selectors';
import { createUiStore, initialUiState } from './store';
import type { Candidate, FailureInfo, SuccessInfo } from './types';

const cand = (id: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  name: id.toUpperCase(),
  fingerprint: 'AAAA',
  connection: 'direct',
  online: true,
  reputation: 0,
  jailed: null,
  isCoordinator: false,
  ...extra,
});
const params = { suite: 'FROST-ED25519-SHA512-v1' as const, t: 2, n: 3, label: 'L' };
const me = { id: 'a', name: 'A', fingerprint: 'AAAA', isCoordinator: true };

describe('store', () => {
  it('Example: the shell pushes a lobby, the coordinator picks and may then lock', () => {
    const store = createUiStore();
    applySnapshot(store, { phase: 'lobby', me, params, candidates: [cand('a'), cand('b'), cand('c'), cand('d')] });
    expect(selectCanLock(store.getState())).toBe(false);
    toggleSelection(store, 'a');
    toggleSelection(store, 'b');
    toggleSelection(store, 'c');
    expect(store.getState().selection).toEqual(['a', 'b', 'c']);
    expect(selectCanLock(store.getState())).toBe(true);
    // Cannot pick more than n; unticking frees a place.
    toggleSelection(store, 'd');
    expect(store.getState().selection).toEqual(['a', 'b', 'c']);
    toggleSelection(store, 'b');
    toggleSelection(store, 'd');
    expect(store.getState().selection).toEqual(['a', 'c', 'd']);
  });

  it('stores are independent (no module-level state)', () => {
    const s1 = createUiStore();
    const s2 = createUiStore();
    applySnapshot(s1, { phase: 'verify' });
    expect(s2.getState().phase).toBe('start');
  });

  it('jailed, offline or absent candidates cannot be picked; leaving or jailing drops them from the selection', () => {
    const store = createUiStore({
      me,
      params,
      candidates: [cand('a'), cand('b'), cand('j', { jailed: { reason: 'x', untilGeneration: 3 } })],
    });
    toggleSelection(store, 'j');
    toggleSelection(store, 'zz');
    expect(store.getState().selection).toEqual([]);
    toggleSelection(store, 'a');
    toggleSelection(store, 'b');
    setCandidates(store, [cand('a'), cand('b', { jailed: { reason: 'bad share', untilGeneration: 2 } })]);
    expect(store.getState().selection).toEqual(['a']);
    applySnapshot(store, { candidates: [cand('b')] });
    expect(store.getState().selection).toEqual([]);
  });

  it('selectBestRanked picks me first, then by reputation, skipping jailed and offline people', () => {
    const store = createUiStore({
      me,
      params,
      candidates: [
        cand('a', { reputation: -1 }),
        cand('b', { reputation: 1 }),
        cand('c', { reputation: 5, jailed: { reason: 'x', untilGeneration: 2 } }),
        cand('d', { reputation: 3 }),
        cand('e', { reputation: 9, online: false }),
      ],
    });
    selectBestRanked(store);
    expect(store.getState().selection).toEqual(['a', 'd', 'b']);
  });

  it('ranks candidates: available first, then reputation, then name', () => {
    const ranked = selectRankedCandidates({
      candidates: [
        cand('x', { reputation: 9, jailed: { reason: 'r', untilGeneration: 1 } }),
        cand('b'),
        cand('a'),
        cand('c', { reputation: 2 }),
      ],
    });
    expect(ranked.map((c) => c.id)).toEqual(['c', 'a', 'b', 'x']);
    // I come first among the available, whatever my reputation.
    const withMe = selectRankedCandidates({
      me: { ...me, id: 'b' },
      candidates: [cand('a'), cand('b', { reputation: -2 }), cand('c', { reputation: 2 })],
    });
    expect(withMe.map((c) => c.id)).toEqual(['b', 'c', 'a']);
  });

  it('setWaiting keeps the original "since" of entries still awaited', () => {
    const store = createUiStore();
    setWaiting(store, [{ id: 'b', reason: 'round1', since: 1000 }]);
    setWaiting(store, [
      { id: 'b', reason: 'round1', since: 5000 },
      { id: 'c', reason: 'round1', since: 5000 },
    ]);
    expect(store.getState().waiting).toEqual([
      { id: 'b', reason: 'round1', since: 1000 },
      { id: 'c', reason: 'round1', since: 5000 },
    ]);
    // A new reason for the same person starts a new clock.
    setWaiting(store, [{ id: 'b', reason: 'echo', since: 7000 }]);
    expect(store.getState().waiting).toEqual([{ id: 'b', reason: 'echo', since: 7000 }]);
  });

  it('failure and success move the phase and clear the waiting list', () => {
    const store = createUiStore({
      phase: 'round2',
      waiting: [{ id: 'b', reason: 'round2', since: 1 }],
      pendingGroupKeyHex: 'ab',
    });
    const failure: FailureInfo = {
      generation: 0,
      round: 'round2',
      findings: [{ code: 'bad-share', culprit: 'b', victim: 'c' }],
      culprits: ['b'],
      evidence: null,
      actions: ['leave'],
      at: 0,
    };
    setFailure(store, failure);
    expect(store.getState()).toMatchObject({ phase: 'failed', waiting: [], failure });
    setFailure(
      store,
      { ...failure, findings: [{ code: 'code-mismatch', culprit: null, victim: 'b' }], culprits: [] },
      'aborted',
    );
    expect(store.getState().phase).toBe('aborted');
    const file = { filename: 'f', mimeType: 'application/json', data: '{}' };
    const success: SuccessInfo = { groupKeyHex: 'ab', confirmations: ['a'], publicKeyPackage: file, certificate: file };
    setSuccess(store, success);
    expect(store.getState()).toMatchObject({ phase: 'success', success, pendingGroupKeyHex: null });
  });

  it('done only after the backup is saved and then proven', () => {
    const store = createUiStore({ phase: 'success' });
    recordBackupVerified(store); // nothing saved yet: no effect
    expect(store.getState().backup.status).toBe('none');
    expect(selectIsDone(store.getState())).toBe(false);
    recordBackupSaved(store, 'passphrase', 'k.age');
    expect(selectIsDone(store.getState())).toBe(false);
    recordBackupProofFailed(store, 'wrong passphrase');
    expect(store.getState().backup).toEqual({
      status: 'saved',
      method: 'passphrase',
      filename: 'k.age',
      lastError: 'wrong passphrase',
    });
    recordBackupVerified(store);
    expect(store.getState().backup.lastError).toBeNull();
    expect(selectIsDone(store.getState())).toBe(true);
    expect(selectIsDone({ ...store.getState(), phase: 'failed' })).toBe(false);
  });

  it('test signing results', () => {
    const store = createUiStore();
    startTestSign(store, 'hello');
    expect(store.getState().testSign).toMatchObject({ status: 'running', message: 'hello' });
    recordTestSign(store, { ok: true, signers: ['A', 'B'], signatureHex: 'cd' });
    expect(store.getState().testSign).toMatchObject({
      status: 'ok',
      message: 'hello',
      signers: ['A', 'B'],
      signatureHex: 'cd',
      error: null,
    });
    recordTestSign(store, { ok: false, error: 'Bob is offline' });
    expect(store.getState().testSign).toMatchObject({
      status: 'failed',
      signers: [],
      signatureHex: null,
      error: 'Bob is offline',
    });
  });

  it('busy and action errors', () => {
    const store = createUiStore();
    setActionError(store, 'join', 'bad link');
    setBusy(store, 'create');
    expect(store.getState()).toMatchObject({ busy: 'create', actionError: null });
    setActionError(store, 'create', 'offline');
    expect(store.getState()).toMatchObject({ busy: null, actionError: { action: 'create', message: 'offline' } });
  });

  it('resetUi returns to a fresh start screen', () => {
    const store = createUiStore({ phase: 'success', me, params });
    resetUi(store);
    expect(store.getState()).toEqual(initialUiState());
  });

  it('the state is plain serialisable data', () => {
    const store = createUiStore({ phase: 'lobby', me, params, candidates: [cand('a')] });
    const s = store.getState();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('selectors', () => {
  it('maps every phase to a screen', () => {
    expect(screenFor('start')).toBe('start');
    expect(screenFor('rehearsal-setup')).toBe('rehearsal');
    expect(screenFor('connecting')).toBe('lobby');
    expect(screenFor('verify')).toBe('verify');
    for (const p of ['round1', 'echo', 'round2', 'confirm'] as const) expect(screenFor(p)).toBe('progress');
    expect(screenFor('failed')).toBe('failure');
    expect(screenFor('aborted')).toBe('failure');
    expect(screenFor('success')).toBe('success');
  });

  it('the header shows the code only once the roster is locked', () => {
    const base = { ...initialUiState(), params, verification: { code: 'abc', myAnswer: null, confirmed: [] } };
    expect(selectHeader({ ...base, phase: 'lobby' }).code).toBeNull();
    expect(selectHeader({ ...base, phase: 'round1' }).code).toBe('abc');
    expect(isLockedPhase('connecting')).toBe(false);
    expect(isLockedPhase('failed')).toBe(true);
  });

  it('names come from the roster, falling back to the lobby', () => {
    expect(
      namesById({
        candidates: [cand('a'), cand('b')],
        roster: [{ id: 'a', index: 1, name: 'Alice', fingerprint: 'x' }],
      }),
    ).toEqual({ a: 'Alice', b: 'B' });
  });

  it('where a failure stopped: from the record, else the last round with traffic', () => {
    const rounds = (r1: string[], r2: string[]) => ({
      rounds: {
        round1: { received: { a: r1 } },
        echo: { received: {} },
        round2: { received: { a: r2 } },
        confirm: { received: { a: [] } },
      },
      links: {},
    });
    expect(latestRoundWithTraffic(null)).toBeNull();
    expect(latestRoundWithTraffic(rounds([], []))).toBeNull();
    expect(latestRoundWithTraffic(rounds(['b'], []))).toBe('round1');
    expect(latestRoundWithTraffic(rounds(['b'], ['c']))).toBe('round2');
    const failure = {
      generation: 0,
      round: null,
      findings: [],
      culprits: [],
      evidence: null,
      actions: [],
      at: 0,
    } satisfies FailureInfo;
    const base = { ...initialUiState(), phase: 'failed' as const, progress: rounds(['b'], ['c']) };
    expect(selectHeader({ ...base, failure }).stoppedAt).toBe('round2');
    expect(selectHeader({ ...base, failure: { ...failure, round: 'echo' } }).stoppedAt).toBe('echo');
    expect(selectHeader({ ...base, failure: null }).stoppedAt).toBeNull();
  });

  it('pairKey is order-independent', () => {
    expect(pairKey('b', 'a')).toBe(pairKey('a', 'b'));
    expect(pairKey('a', 'b')).not.toBe(pairKey('a', 'c'));
  });
});
