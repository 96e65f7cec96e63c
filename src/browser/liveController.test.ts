import { describe, expect, it } from 'vitest';
import {
  createMemoryNetwork,
  type StateStore,
  decryptKeyPackageBackup,
  encryptKeyPackageBackup,
} from '../ceremony/index';
import { toHex, verifyCertificate } from '../protocol/index';
import { browser, until } from './testing/testBrowsers';

describe('live controller (browser shell) over the in-memory network', () => {
  it('takes three browsers from create to a verified backup, with the store showing each step', async () => {
    const net = createMemoryNetwork();
    const alice = browser(net);
    await alice.controller.createCeremony({
      suite: 'FROST-ED25519-SHA512-v1',
      t: 2,
      n: 3,
      label: 'Treasury',
      myName: 'Alice',
    });
    const lobby = await until(
      alice.store,
      (s) => s.phase === 'lobby' && s.candidates.length === 1,
      'alice in the lobby',
    );
    expect(lobby.me?.isCoordinator).toBe(true);
    expect(lobby.params).toEqual({ suite: 'FROST-ED25519-SHA512-v1', t: 2, n: 3, label: 'Treasury' });
    const invite = lobby.room!.inviteUrl;
    expect(new URL(invite).hash).toMatch(/^#join=/);

    const bob = browser(net);
    const carol = browser(net);
    await bob.controller.joinInvite(invite, 'Bob');
    await carol.controller.joinInvite(invite, 'Carol');
    const full = await until(alice.store, (s) => s.candidates.length === 3, 'three candidates');
    expect(full.candidates.map((c) => c.name).sort()).toEqual(['Alice', 'Bob', 'Carol']);
    await expect(bob.controller.lockRoster(full.candidates.map((c) => c.id))).rejects.toThrow(
      /Only the person who created/,
    );
    await expect(alice.controller.lockRoster(full.candidates.slice(0, 2).map((c) => c.id))).rejects.toThrow(
      /exactly 3/,
    );
    await alice.controller.lockRoster(full.candidates.map((c) => c.id));

    const all = [alice, bob, carol];
    for (const b of all)
      await until(b.store, (s) => s.phase === 'verify' && !!s.verification?.code, 'the verification code');
    const codes = new Set(all.map((b) => b.store.getState().verification?.code));
    expect(codes.size).toBe(1);
    expect(bob.store.getState().waiting.map((w) => w.reason)).toContain('code');
    for (const b of all) await b.controller.confirmCode(true);
    for (const b of all) await until(b.store, (s) => s.phase === 'success' && s.success !== null, 'success');

    const s = bob.store.getState();
    expect(s.success!.groupKeyHex).toBe(alice.store.getState().success!.groupKeyHex);
    expect(s.success!.confirmations).toHaveLength(3);
    expect(String(s.success!.publicKeyPackage.data)).toContain('"verifying_shares"');
    // The certificate download is the real, verifiable certificate (it was an empty file).
    const cert = verifyCertificate(String(s.success!.certificate.data));
    expect(cert.ok && cert.summary.groupKey).toBe(s.success!.groupKeyHex);
    expect(s.progress!.rounds.round1.received[s.me!.id]).toHaveLength(3);
    // The store never holds the secret share.
    const key = await bob.controller.exportKeyPackage();
    const share = JSON.parse(String(key.data)).signing_share as string;
    expect(JSON.stringify(bob.store.getState())).not.toContain(share);

    // Backup: saved, then proven to open; a wrong passphrase is reported, not accepted.
    const file = await bob.controller.makeBackup({ kind: 'passphrase', passphrase: 'correct horse battery staple' });
    expect(bob.store.getState().backup.status).toBe('saved');
    // Without the file read back from disk there is no proof (issue 15.4), whatever the passphrase.
    const noFile = await bob.controller.verifyBackup({
      kind: 'passphrase',
      passphrase: 'correct horse battery staple',
      file: new Uint8Array(),
    });
    expect(noFile.ok).toBe(false);
    expect(bob.store.getState().backup.status).toBe('saved');
    const wrong = await bob.controller.verifyBackup({
      kind: 'passphrase',
      passphrase: 'wrong',
      file: file.data as Uint8Array,
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? '' : wrong.reason).toMatch(/^That passphrase does not open this backup\./);
    expect(bob.store.getState().backup.lastError).toMatch(/^That passphrase does not open this backup\./);
    expect(bob.store.getState().backup.status).toBe('saved');
    expect(
      await bob.controller.verifyBackup({
        kind: 'passphrase',
        passphrase: 'correct horse battery staple',
        file: file.data as Uint8Array,
        fileName: 'copy.age',
      }),
    ).toEqual({ ok: true });
    expect(bob.store.getState().backup.status).toBe('verified');
    expect(bob.store.getState().backup.provenFile).toBe('copy.age');
    const opened = await decryptKeyPackageBackup(file.data as Uint8Array, {
      passphrase: 'correct horse battery staple',
    });
    expect(opened.json).toBe(key.data);
    // The backup also holds this browser's master key (recovery needs it), and the proof checks it:
    // an older backup of the same key package without the master key does not pass.
    const savedMaster = await bob.stores.get('master-key')!.load();
    expect(opened.version).toBe('v2');
    expect(toHex(opened.masterSecret!)).toBe(savedMaster);
    const old = await encryptKeyPackageBackup(String(key.data), { passphrase: 'pw', scryptWorkFactor: 10 });
    const refused = await bob.controller.verifyBackup({ kind: 'passphrase', passphrase: 'pw', file: old });
    expect(refused.ok ? '' : refused.reason).toMatch(/older kind that holds only the key package/);
  }, 60_000);

  it('resumes after a "reload" from what it stored, in the same phase with the same code', async () => {
    const net = createMemoryNetwork();
    const alice = browser(net);
    await alice.controller.createCeremony({
      suite: 'FROST-RISTRETTO255-SHA512-v1',
      t: 2,
      n: 2,
      label: 'R',
      myName: 'Alice',
    });
    const invite = (await until(alice.store, (s) => s.room !== null, 'room')).room!.inviteUrl;
    const bobStores = new Map<string, StateStore>();
    const bob = browser(net, bobStores);
    await bob.controller.joinInvite(invite, 'Bob');
    const lobby = await until(alice.store, (s) => s.candidates.length === 2, 'two candidates');
    await alice.controller.lockRoster(lobby.candidates.map((c) => c.id));
    const before = await until(bob.store, (s) => s.phase === 'verify' && !!s.verification?.code, 'bob sees the code');

    // Bob's tab reloads: a new controller over the same (persistent) stores.
    const bob2 = browser(net, bobStores);
    expect(await bob2.controller.resume()).toBe(true);
    const after = await until(
      bob2.store,
      (s) => s.phase === 'verify' && !!s.verification?.code,
      'bob resumed in verify, with the code',
    );
    expect(after.verification!.code).toBe(before.verification!.code);
    expect(after.me!.id).toBe(before.me!.id);
    expect(after.notice?.text).toMatch(/Resumed/);
  }, 60_000);

  it('refuses an invite for another origin, naming it', async () => {
    const net = createMemoryNetwork();
    const b = browser(net);
    await expect(
      b.controller.joinInvite(
        `https://evil.example/#join=${'a'.repeat(24)}.${Buffer.alloc(32).toString('base64url')}.${'ab'.repeat(32)}`,
        'Bob',
      ),
    ).rejects.toThrow(/evil\.example/);
  });
});
