/**
 * A controller for fixture mode (dev/test builds only): moves the sample store between
 * screens so the UI can be clicked through and tested without protocol or network, and logs
 * each call so UI tests can assert what a button dispatched. It makes no keys: every file it
 * hands out says "fixture".
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { applySnapshot, resetUi, type CeremonyController, type UiStore } from '../../store/index';
import { FIXTURES } from './fixtures';

export interface FixtureCall {
  method: keyof CeremonyController;
  args: unknown[];
}

export function createFixtureController(store: UiStore): {
  controller: CeremonyController;
  calls: StoreApi<FixtureCall[]>;
} {
  const calls = createStore<FixtureCall[]>()(() => []);
  let backupSecret: string | null = null;
  const log = (method: keyof CeremonyController, ...args: unknown[]) =>
    calls.setState((c) => [...c, { method, args }], true);
  const go = (name: string) => applySnapshot(store, FIXTURES[name]!());

  const controller: CeremonyController = {
    async createCeremony(p) {
      log('createCeremony', p);
      go('lobby');
      const s = store.getState();
      applySnapshot(store, {
        params: { suite: p.suite, t: p.t, n: p.n, label: p.label },
        me: s.me && { ...s.me, name: p.myName },
        room: s.room && { ...s.room, generation: 0 },
        history: [],
        selection: s.me ? [s.me.id] : [],
      });
    },
    async joinInvite(url, name) {
      log('joinInvite', url, name);
      if (!url.includes('#'))
        throw new Error('That invite link is incomplete: the part after “#” (the room secret) is missing.');
      go('lobby-guest');
      const s = store.getState();
      applySnapshot(store, { me: s.me && { ...s.me, name } });
    },
    async lockRoster(ids) {
      log('lockRoster', ids);
      go('verify');
    },
    async confirmCode(match) {
      log('confirmCode', match);
      if (!match) return go('aborted');
      const s = store.getState();
      const v = s.verification;
      if (v && s.me)
        applySnapshot(store, { verification: { ...v, myAnswer: 'match', confirmed: [...v.confirmed, s.me.id] } });
    },
    async restartWithout(ids, choice) {
      log('restartWithout', ids, ...(choice ? [choice] : []));
      const before = store.getState();
      go('verify');
      const gen = (before.room?.generation ?? 0) + 1;
      applySnapshot(store, {
        roster: before.roster.filter((r) => !ids.includes(r.id)).map((r, i) => ({ ...r, index: i + 1 })),
        room: before.room && { ...before.room, generation: gen },
        verification: { code: 'harbor · lantern · cedar · 0913', myAnswer: null, confirmed: [] },
        history: [...before.history, { generation: gen - 1, outcome: 'failed', culprits: ids }],
      });
    },
    async leave() {
      log('leave');
      resetUi(store);
    },
    async forget() {
      log('forget');
      resetUi(store);
    },
    async exportFrostClientCredentials() {
      log('exportFrostClientCredentials');
      return { filename: 'credentials.toml', mimeType: 'application/toml', data: '# fixture: not a key\n' };
    },
    async exportKeyPackage() {
      log('exportKeyPackage');
      return { filename: 'fixture.key-package.json', mimeType: 'application/json', data: '{"fixture":"not a key"}' };
    },
    async makeBackup(req) {
      log('makeBackup', req.kind);
      backupSecret = req.kind === 'passphrase' ? req.passphrase : null;
      return {
        filename: 'fixture.backup.age',
        mimeType: 'application/octet-stream',
        data: 'fixture: not an age file\n',
      };
    },
    async verifyBackup(proof) {
      log('verifyBackup', proof.kind);
      if (!proof.file || proof.file.length === 0)
        return { ok: false, reason: 'Pick the backup file you saved: the check opens that file.' };
      if (proof.kind === 'passphrase' && backupSecret !== null && proof.passphrase === backupSecret)
        return { ok: true };
      if (proof.kind === 'identity' && proof.identity.startsWith('AGE-SECRET-KEY-1')) return { ok: true };
      return {
        ok: false,
        reason:
          'That passphrase does not open this backup. Check for typos and capital letters and try again. If you cannot remember it, make a new backup.',
      };
    },
    async acknowledgeFunding(checked) {
      log('acknowledgeFunding', checked);
      const s = store.getState();
      const f = s.funding;
      if (s.backup.status !== 'verified')
        throw new Error('Prove that your saved backup opens first (step 2 above): the acknowledgement says it does.');
      if (f && s.me)
        applySnapshot(store, {
          funding: {
            ...f,
            mine: true,
            acknowledged: [...f.acknowledged, s.me.id],
            waiting: f.waiting.filter((w) => w.id !== s.me!.id),
          },
        });
    },
    async testSign(message) {
      log('testSign', message);
      const s = store.getState();
      const t = s.params?.t ?? 2;
      return { ok: true, signers: s.roster.slice(0, t).map((r) => r.name), signatureHex: '00'.repeat(64) };
    },
    async createSigning(params) {
      log('createSigning', params.myName, params.request.kind);
      go('lobby');
    },
    async approveSigning(requestHash, approve) {
      log('approveSigning', requestHash, approve);
      const s = store.getState().signing;
      if (s && s.requestHash === requestHash)
        applySnapshot(store, { signing: { ...s, decision: approve ? 'approve' : 'refuse' } });
    },
    async approveTestSign(requestId, approve) {
      log('approveTestSign', requestId, approve);
      const r = store.getState().testSignRequest;
      if (r && r.requestId === requestId)
        applySnapshot(store, {
          testSignRequest: { ...r, approval: approve ? 'approved' : 'declined', status: approve ? r.status : 'failed' },
        });
    },
    async startRehearsal(settings) {
      log('startRehearsal', settings);
      go('rehearsal-progress');
      applySnapshot(store, {
        rehearsal: settings,
        params: { suite: settings.suite, t: settings.t, n: settings.n, label: 'Rehearsal' },
      });
    },
    async hasSavedMasterKey() {
      log('hasSavedMasterKey');
      return false;
    },
    async recoverKeyPackage(request) {
      log('recoverKeyPackage', request.key.kind);
      if (!request.certificate.includes('frost-ceremony/certificate/v2'))
        throw new Error('This file is not a ceremony certificate (fixture).');
      return {
        file: { filename: 'treasury-2026.bob.key-package.json', mimeType: 'application/json', data: 'fixture' },
        name: 'Bob',
        identifier: 2,
        label: 'Treasury 2026',
        t: 2,
        n: 3,
        suite: 'FROST-ED25519-SHA512-v1',
      };
    },
  };
  return { controller, calls };
}
