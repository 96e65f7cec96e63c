/**
 * Issue 11.5: after success, the saved state (browser IndexedDB record and the CLI `--state`
 * file) holds none of the DKG's working secrets: polynomial coefficients, shares sent with their
 * encryption randomness, shares received, the ephemeral key. Every secret that was ever saved
 * during the ceremony is searched for in the bytes saved after success, in every encoding the
 * codebase uses (hex either case, base64, base64url, raw bytes). Then the pruned state resumes:
 * success screen, key package downloads, encrypted backup.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateIdentity,
  createParticipant,
  deserialize,
  serialize,
  isPruned,
  KEPT_FOR_TEST_SIGNING,
  pruneAfterSuccess,
  view,
  toHex,
  type ParticipantState,
  runSimulation,
} from '../../protocol/index';
import { createCeremony, type Ceremony } from '../ceremony';
import { createMemoryNetwork } from '../memoryNetwork';
import { createEncryptedStateStore, type KeyValue } from './encryptedStateStore';
import { createMemoryStateStore, type StateStore } from './stateStore';
import { outputsOf } from '../outputs';
import { decryptKeyPackageBackup, encryptKeyPackageBackup } from '../backup';
import { createFileStateStore, headlessStateStore, loadHeadlessState } from '../../cli/index';

const rng = (n: number) => new Uint8Array(randomBytes(n));

/** The DKG's working secrets a state holds right now (hex strings), by what they are. */
function workingSecrets(st: ParticipantState): { what: string; hex: string }[] {
  const out: { what: string; hex: string }[] = [];
  if (st.ephemeral.secretKey) out.push({ what: 'ephemeral secret key', hex: st.ephemeral.secretKey });
  const s = st.session;
  // COCKTAIL-DKG keeps no polynomial, e_i or share in the state (advance.ts sendRound1): the
  // session holds none of the DKG's working secrets at any time.
  if (!s) return out;
  return out;
}

/** Every encoding of the secret that could appear in saved bytes. */
function foundIn(haystack: Buffer, hex: string): string | null {
  const b = Buffer.from(hex, 'hex');
  const text = haystack.toString('latin1');
  if (haystack.includes(b)) return 'raw bytes';
  for (const form of [
    hex,
    hex.toUpperCase(),
    b.toString('base64'),
    b.toString('base64').replace(/=+$/, ''),
    b.toString('base64url'),
  ])
    if (text.includes(form)) return form;
  return null;
}

/** A store that remembers every secret any saved state held, in front of the real store. */
function recording(inner: StateStore, seen: Map<string, string>): StateStore {
  return {
    load: () => inner.load(),
    clear: () => inner.clear(),
    save: async (text) => {
      for (const x of workingSecrets(deserializeRaw(text))) seen.set(x.hex, x.what);
      await inner.save(text);
    },
  };
}

/** The saved text as it is (deserialize() would prune a success state on load). */
function deserializeRaw(text: string): ParticipantState {
  const j = JSON.parse(text) as { machine?: unknown };
  return (j.machine ?? j) as ParticipantState;
}

async function until(c: Ceremony, pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 4000 && !pred(); i++) {
    await c.settled();
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!pred()) throw new Error(`gave up waiting for ${what}: phase ${c.snapshot().view.phase}`);
}

function memoryKeyValue(): KeyValue & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => data.get(k),
    set: async (k, v) => void data.set(k, v),
    del: async (k) => void data.delete(k),
  };
}

/** A 2-of-3 ceremony through the shared shell; participant 1 saves to `stores[1]`. */
async function runCeremony(stores: StateStore[]): Promise<Ceremony[]> {
  const net = createMemoryNetwork();
  const ids = [0, 1, 2].map(() => generateIdentity(rng));
  const room = { id: 'room-prune-test', secret: rng(32), coordinator: ids[0]!.publicKey };
  const ceremonies = ids.map((identity, i) =>
    createCeremony({
      state: createParticipant({ identity, name: ['Alice', 'Bob', 'Carol'][i]!, room, isCoordinator: i === 0, rng }),
      transport: net.transport(toHex(identity.publicKey)),
      stateStore: stores[i]!,
      rng,
    }),
  );
  for (const c of ceremonies) await c.start();
  const alice = ceremonies[0]!;
  await until(alice, () => alice.snapshot().view.candidates.length === 3, 'three candidates');
  await alice.dispatch({
    type: 'lock',
    params: { suite: 'ed25519', minSigners: 2, label: 'prune test' },
    roster: ids.map((k) => toHex(k.publicKey)),
  });
  for (const c of ceremonies) await until(c, () => c.snapshot().view.phase === 'verify', 'verify phase');
  for (const c of ceremonies) await c.dispatch({ type: 'confirmCode' });
  for (const c of ceremonies) await until(c, () => c.snapshot().view.phase === 'success', 'success');
  return ceremonies;
}

/** The pruned state resumes: success, the same key package, a backup that opens to it. */
async function resumes(saved: string, groupKey: string): Promise<void> {
  const st = deserialize(saved);
  expect(isPruned(st)).toBe(true);
  const c = createCeremony({
    state: st,
    transport: createMemoryNetwork().transport(st.identity.publicKey),
    stateStore: createMemoryStateStore(saved),
    rng,
  });
  await c.start();
  const v = c.snapshot().view;
  expect(v.phase).toBe('success');
  expect(v.groupKey.hex).toBe(groupKey);
  const out = outputsOf(c.state());
  expect(toHex(out.keyPackage.verifyingKey)).toBe(groupKey);
  const backup = await encryptKeyPackageBackup(out.keyPackageJson, {
    passphrase: 'correct horse',
    scryptWorkFactor: 10,
  });
  expect((await decryptKeyPackageBackup(backup, { passphrase: 'correct horse' })).json).toBe(out.keyPackageJson);
  c.stop();
}

describe('after success the saved state holds no DKG working secret', () => {
  it('browser: the IndexedDB record (AES-GCM at rest) decrypts to a state with none of them; it resumes (success, downloads, backup)', async () => {
    const seen = new Map<string, string>();
    const kv = memoryKeyValue();
    const idb = createEncryptedStateStore(
      kv,
      'prune',
      webcrypto.subtle as SubtleCrypto,
      (n) => new Uint8Array(randomBytes(n)),
    );
    const stores = [createMemoryStateStore(), recording(idb, seen), createMemoryStateStore()];
    const ceremonies = await runCeremony(stores);
    const groupKey = ceremonies[1]!.snapshot().view.groupKey.hex as string;
    for (const c of ceremonies) c.stop();
    // Each kind was saved at some point (the search below looks for real values).
    const kinds = new Set([...seen.values()].map((w) => w.replace(/ (to|from) #\d+$/, '')));
    // COCKTAIL-DKG keeps no polynomial or share in the state: the ephemeral key is the only one.
    expect([...kinds].sort()).toEqual(['ephemeral secret key']);
    expect(seen.size).toBeGreaterThanOrEqual(1);
    const plain = Buffer.from((await idb.load())!, 'utf8');
    const record = kv.data.get('state:prune') as { ct: Uint8Array };
    const leaks = [...seen].flatMap(([hex, what]) => {
      const f = foundIn(plain, hex) ?? foundIn(Buffer.from(record.ct), hex);
      return f ? [`${what}: ${f}`] : [];
    });
    expect(leaks).toEqual([]);
    // The search works: what must stay is found (the signing share, in the key package).
    const kept = deserializeRaw(plain.toString('utf8'));
    expect(foundIn(plain, kept.session!.result!.signingShare)).not.toBeNull();
    await resumes(plain.toString('utf8'), groupKey);
  });

  it('CLI: the --state file has none of them; it resumes (success, key package files, backup)', async () => {
    const seen = new Map<string, string>();
    const path = join(mkdtempSync(join(tmpdir(), 'frost-prune-')), 'bob.state');
    const file = createFileStateStore(path);
    const meta = {
      invite: 'http://127.0.0.1:1/#join=x',
      serverUrl: 'http://127.0.0.1:1',
      relayOnly: true,
      coordinator: null,
    };
    const stores = [
      createMemoryStateStore(),
      recording(headlessStateStore(file, meta, path), seen),
      createMemoryStateStore(),
    ];
    const ceremonies = await runCeremony(stores);
    const groupKey = ceremonies[1]!.snapshot().view.groupKey.hex as string;
    for (const c of ceremonies) c.stop();
    expect(seen.size).toBeGreaterThanOrEqual(1);
    const bytes = readFileSync(path);
    const leaks = [...seen].flatMap(([hex, what]) => {
      const f = foundIn(bytes, hex);
      return f ? [`${what}: ${f}`] : [];
    });
    expect(leaks).toEqual([]);
    const saved = await loadHeadlessState(file, path);
    expect(foundIn(bytes, deserializeRaw(saved!.machine).session!.result!.signingShare)).not.toBeNull();
    await resumes(saved!.machine, groupKey);
  });
});

describe('no working secret is ever sent', () => {
  it('no master secret, identity key or ephemeral key any state held is in any message sent (2-of-3, with a bad-share restart)', async () => {
    const seen = new Map<string, string>();
    const sent: Buffer[] = [];
    await runSimulation({
      suite: 'secp256k1',
      minSigners: 2,
      maxSigners: 3,
      seed: 'never-sent',
      faults: { 2: { kind: 'bad-share' } },
      onStep: (_i, _e, effects, _before, after) => {
        for (const x of workingSecrets(after)) seen.set(x.hex, x.what);
        seen.set(after.master, 'master secret');
        seen.set(after.identity.secretKey, 'identity secret key');
        for (const e of effects) if (e.type === 'broadcast' || e.type === 'send') sent.push(Buffer.from(e.bytes));
      },
    });
    expect(seen.size).toBeGreaterThanOrEqual(9);
    const all = Buffer.concat(sent);
    // A complaint reveals one pairwise key (S^e, S^d), never a secret scalar.
    const leaks = [...seen].filter(([hex]) => foundIn(all, hex) !== null).map(([, what]) => what);
    expect(leaks).toEqual([]);
  });
});

describe('pruneAfterSuccess', () => {
  it('keeps the pending test-signing nonce, the identity key and the key package; does nothing before success', async () => {
    const saved: string[] = [];
    const store: StateStore = { ...createMemoryStateStore(), save: async (t) => void saved.push(t) };
    const ceremonies = await runCeremony([createMemoryStateStore(), store, createMemoryStateStore()]);
    for (const c of ceremonies) c.stop();
    // A state saved before success (round 2 done, not yet confirmed) is left alone.
    const running = saved
      .map(deserializeRaw)
      .find((s) => s.session && !s.session.outcome && s.session.result !== null)!;
    const copy = structuredClone(running);
    pruneAfterSuccess(copy);
    expect(copy).toEqual(running);
    // After success, with a test signing pending: its nonce stays.
    const done = structuredClone(ceremonies[1]!.state());
    const s = done.session!;
    s.testSign = {
      requestId: 'ab',
      requester: 1,
      text: 'test',
      signers: [1, 2],
      request: '',
      approval: 'approved',
      commits: {},
      shares: {},
      declines: {},
      evidence: null,
      nonces: { hiding: 'aa'.repeat(32), binding: 'bb'.repeat(32) },
      nonceUsed: false,
      status: 'collecting',
      signatureHex: null,
      error: null,
      culprits: [],
    };
    const before = serialize(done);
    pruneAfterSuccess(done);
    expect(serialize(done)).toBe(before); // already pruned at success, and idempotent
    expect(KEPT_FOR_TEST_SIGNING).toBe('session.testSign.nonces');
    expect(done.session!.testSign!.nonces).toEqual({ hiding: 'aa'.repeat(32), binding: 'bb'.repeat(32) });
    expect(done.identity.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(done.session!.result!.signingShare).toMatch(/^[0-9a-f]{64}$/);
    expect(view(done).phase).toBe('success');
  });

  it('a success state saved by an earlier version (unpruned) is pruned when loaded', async () => {
    const saved: string[] = [];
    const store: StateStore = { ...createMemoryStateStore(), save: async (t) => void saved.push(t) };
    const ceremonies = await runCeremony([createMemoryStateStore(), store, createMemoryStateStore()]);
    for (const c of ceremonies) c.stop();
    const withSecrets = saved
      .map(deserializeRaw)
      .filter((s) => workingSecrets(s).length > 0)
      .pop()!;
    const legacy = structuredClone(ceremonies[1]!.state());
    legacy.ephemeral = withSecrets.ephemeral;
    const text = JSON.stringify(legacy);
    expect(workingSecrets(JSON.parse(text) as ParticipantState).length).toBeGreaterThan(0);
    const loaded = deserialize(text);
    expect(workingSecrets(loaded)).toEqual([]);
    expect(view(loaded).phase).toBe('success');
  });
});
