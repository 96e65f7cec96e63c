/**
 * The browser's ceremony controller: the real thing behind the screens. It keeps this
 * browser's identity key and each ceremony's state in IndexedDB (encrypted at rest), talks to
 * the signalling server of the page's origin, and drives the shared ceremony shell.
 * A reload resumes the active ceremony from IndexedDB ("resume" below), never regenerating a
 * round-1 secret once sent: the protocol state that holds it is saved before it is sent.
 */
import {
  createCeremony,
  type Ceremony,
  type CeremonyListener,
  type CeremonySnapshot,
  formatInvite,
  newRoom,
  parseInvite,
  type Invite,
  outputsOf,
  frostClientCredentialsOfState,
  type StateStore,
  checkMasterKey,
  decryptKeyPackageBackup,
  encryptKeyPackageBackup,
  createMemoryStateStore,
} from '../ceremony/index';
import {
  decodeContact,
  FrostClientContactError,
  fromHex,
  sha256,
  parseKeyPackage,
  keyPackageToPostcard,
  toHex,
  normaliseText,
  labelProblem,
  createProtocolCache,
  generateIdentity,
  identityFromSecret,
  type IdentityCrypto,
  type Rng,
  type Notice,
  deserialize,
  createParticipant,
  generateMasterSecret,
  isMasterSecretHex,
  type SigningRoomParams,
} from '../protocol/index';
import { downloadName } from './downloadNames';
import { envelopeSigningInput, type PrefetchingIdentityCrypto } from '../platform/index';
import type { Transport } from '../transport/index';
import {
  applySnapshot,
  recordBackupProofFailed,
  recordBackupSaved,
  recordBackupVerified,
  resetUi,
  type BackupCheck,
  type BackupProof,
  type BackupRequest,
  type CeremonyController,
  type CreateCeremonyParams,
  type UiStore,
  type CeremonyParams,
  type DownloadFile,
  screenFor,
  type Screen,
  type TestSignResult,
} from '../store/index';
import { attachCeremony } from './attach';
import { startRehearsal, type Rehearsal } from './rehearsal';
import { backupProofMessage } from './backupProofMessage';
import { recoverInPage } from './recoverKey';
import { signingPlanOf, SigningPlanError } from './signingPlan';
import { appPhaseOf, suiteIdOf, suiteNameOf } from './toUiState';

/**
 * How long the controller waits for every chosen signer to approve and answer (the protocol itself
 * has no clock). People read the text and click, so this is minutes, not seconds.
 */
export const LIVE_TEST_SIGN_TIMEOUT_MS = 300_000;

/**
 * Asks the chosen signers (me + the first others, t in all) to sign `text` and resolves once the
 * view's test signing of THIS request is ok or failed, or after the timeout.
 */
async function liveTestSign(
  ceremony: Ceremony,
  text: string,
  timeoutMs = LIVE_TEST_SIGN_TIMEOUT_MS,
): Promise<TestSignResult> {
  let notices;
  try {
    notices = await ceremony.dispatch({ type: 'testSign', text });
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const refused = notices.find((n) => n.kind === 'rejected');
  if (refused) return { ok: false, error: refused.message };
  const requestId = ceremony.state().session?.testSign?.requestId;
  if (!requestId) return { ok: false, error: 'The test signing could not be started.' };
  return new Promise<TestSignResult>((resolve) => {
    const check = (): boolean => {
      const t = ceremony.state().session?.testSign;
      if (t?.requestId !== requestId)
        return finish({ ok: false, error: 'Another test signing was started meanwhile; try again.' });
      const v = ceremony.snapshot().view;
      if (v.testSign.status === 'ok' && v.testSign.signatureHex)
        return finish({
          ok: true,
          signers: v.testSign.signers.map((i) => v.roster[i - 1]?.identity ?? String(i)),
          signatureHex: v.testSign.signatureHex,
        });
      // The panel puts "Test signing failed:" in front; the reason alone here (e.g. "Alice declined to sign the test text").
      if (v.testSign.status === 'failed') return finish({ ok: false, error: v.testSign.error ?? 'unknown reason' });
      return false;
    };
    const finish = (result: TestSignResult): true => {
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
      return true;
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: `Not every chosen signer approved and answered within ${Math.round(timeoutMs / 60_000)} minutes; they need this ceremony open and must press "Sign this test text" on their own screen.`,
        }),
      timeoutMs,
    );
    const unsubscribe = ceremony.subscribe(() => void check());
    check();
  });
}

export interface LiveEnvironment {
  /** The app's origin; also the signalling server. */
  origin: string;
  rng: Rng;
  /** Encrypted persistent record by name (IndexedDB in the browser). */
  storeFor(name: string): StateStore;
  transportFor(invite: Invite, selfId: string): Transport | Promise<Transport>;
  /** Test-only misbehaviour for e2e fault tests (undefined in production builds). */
  fault?: () => Parameters<typeof createParticipant>[0]['fault'];
  /**
   * Envelope signatures for one ceremony (default noble). One with `prefetch` (the browser's
   * native Ed25519) is handed each received envelope before the ceremony processes it.
   */
  identityCrypto?: () => IdentityCrypto | PrefetchingIdentityCrypto;
  /** The screens follow the ceremony at most this often (ms) while the screen stays the same; default LIVE_UI_INTERVAL_MS. */
  uiIntervalMs?: number;
}

/**
 * While the progress screen stays up the UI is refreshed at most this often. Every received message
 * changes the ceremony's snapshot, and re-rendering the progress tables for each one was most
 * of a browser's CPU during a ceremony (bench/browser profile); so was re-rendering them at each
 * of the four rounds (they share one screen). A new screen, a notice or the first change after a
 * quiet spell is shown at once.
 */
export const LIVE_UI_INTERVAL_MS = 500;

/**
 * The same ceremony, but while the progress screen shows, its subscribers hear at most one
 * change per `intervalMs` (the latest snapshot, with the notices gathered meanwhile); a change of
 * screen (the rounds share one), a notice, and every change on the other screens pass at once. For the screens only: the protocol runs at full speed underneath.
 */
export function coalescedCeremony(
  ceremony: Ceremony,
  intervalMs: number,
  now: () => number = () => Date.now(),
): Ceremony {
  return {
    ...ceremony,
    subscribe(listener: CeremonyListener) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let lastAt = -Infinity;
      let lastScreen: Screen | undefined;
      let latest: CeremonySnapshot | null = null;
      let notices: Notice[] = [];
      const flush = (): void => {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        if (latest === null) return;
        const snap = latest;
        const ns = notices;
        latest = null;
        notices = [];
        lastAt = now();
        lastScreen = screenFor(appPhaseOf(snap.view));
        listener(snap, ns);
      };
      const unsubscribe = ceremony.subscribe((snap, ns) => {
        latest = snap;
        if (ns.length > 0) notices = [...notices, ...ns];
        const wait = lastAt + intervalMs - now();
        const screen = screenFor(appPhaseOf(snap.view));
        // Only the progress tables change with every message; the four rounds share them, so
        // moving between rounds waits too. Other screens change when something happens that
        // people wait for (someone joins, a part of the code arrives): shown at once.
        if (screen !== 'progress' || screen !== lastScreen || ns.length > 0 || wait <= 0) flush();
        else if (timer === null) timer = setTimeout(flush, wait);
      });
      return () => {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        unsubscribe();
      };
    },
  };
}

/** What the browser remembers about the ceremony it is in, to resume after a reload. */
interface ActiveRecord {
  inviteUrl: string;
  name: string;
  draftParams: CeremonyParams | null;
  rejectedCode: boolean;
  /** My ZF frost-client contact (`zffrost1…`), sent in my Hello (issue 14 d). */
  frostClientContact?: string;
  /** Coordinator of a signing room: the key and request the lock puts into the signed roster (public). */
  signing?: SigningRoomParams;
}

/** What an invite link announces, in the store's terms (null when it says nothing or is not an invite). */
export function invitedParamsOf(inviteUrl: string): CeremonyParams | null {
  try {
    const p = parseInvite(inviteUrl).params;
    return p ? { suite: suiteIdOf(p.suite), t: p.t, n: p.n, label: p.label } : null;
  } catch {
    return null;
  }
}

export interface LiveController extends CeremonyController {
  /** Resumes the ceremony this browser was in, if any; true when one was resumed. */
  resume(): Promise<boolean>;
}

/** A pasted frost-client contact, refused in plain words before any room is joined. */
function checkContact(text: string | undefined): void {
  if (!text?.trim()) return;
  try {
    decodeContact(text);
  } catch (e) {
    if (e instanceof FrostClientContactError)
      throw new Error(`The frost-client contact cannot be used: ${e.message}.`, { cause: e });
    throw e;
  }
}

function contactField(text: string | undefined): { frostClientContact?: string } {
  return text?.trim() ? { frostClientContact: text.trim() } : {};
}

export function createLiveController(store: UiStore, env: LiveEnvironment): LiveController {
  const identityStore = env.storeFor('identity');
  const masterStore = env.storeFor('master-key');
  const activeStore = env.storeFor('active');
  let current: {
    ceremony: Ceremony;
    detach: () => void;
    active: ActiveRecord;
    stateStore: StateStore;
    rehearsal?: Rehearsal;
  } | null = null;
  /** The backup proven on this page (session id, SHA-256 of the file that opened): needed to acknowledge funding. */
  let provenBackup: { session: string; sha256: string } | null = null;

  async function identity() {
    const saved = await identityStore.load();
    if (saved) return identityFromSecret(fromHex(saved));
    const id = generateIdentity(env.rng);
    await identityStore.save(toHex(id.secretKey));
    return id;
  }

  /**
   * SECRET: this device profile's custodian master secret (protocol staticKeys.ts), created once
   * next to the identity key and reused for every ceremony, so each suite's COCKTAIL static key
   * stays the same and one backup of it covers them all.
   */
  async function masterSecret(): Promise<Uint8Array> {
    const saved = await masterStore.load();
    if (saved !== undefined) {
      if (!isMasterSecretHex(saved))
        throw new Error('The master key saved on this browser is damaged (not 32 bytes of hex); it was not replaced.');
      return fromHex(saved);
    }
    const m = generateMasterSecret(env.rng);
    await masterStore.save(toHex(m));
    return m;
  }

  /** `keyPackageJson` (SECRET) goes into the new state only; the saved state keeps it from then on. */
  async function run(active: ActiveRecord, create: boolean, keyPackageJson?: string): Promise<void> {
    const invite = parseInvite(active.inviteUrl);
    const stateStore = env.storeFor(`ceremony:${invite.roomId}`);
    const id = await identity();
    const saved = create ? undefined : await stateStore.load();
    const state = saved
      ? deserialize(saved)
      : createParticipant({
          identity: id,
          name: active.name,
          room: { id: invite.roomId, secret: invite.roomSecret, coordinator: invite.coordinator },
          isCoordinator: toHex(invite.coordinator) === toHex(id.publicKey),
          rng: env.rng,
          masterSecret: await masterSecret(),
          fault: env.fault?.(),
          ...(keyPackageJson !== undefined ? { keyPackage: keyPackageJson } : {}),
          ...(active.frostClientContact ? { frostClientContact: active.frostClientContact } : {}),
        });
    if (state.identity.publicKey !== toHex(id.publicKey))
      throw new Error('The saved ceremony belongs to another identity on this browser.');
    await activeStore.save(JSON.stringify(active));
    const transport = await env.transportFor(invite, state.identity.publicKey);
    // Kept for the ceremony's life, as the headless participant does: decoded points, parsed
    // stored envelopes and verified signatures are memoised instead of redone on every step.
    const cache = createProtocolCache();
    const crypto = env.identityCrypto?.();
    // Registered before the ceremony's own handler, so native checks start before it queues the envelope.
    const unprefetch =
      crypto && 'prefetch' in crypto
        ? transport.onEnvelope((bytes) => {
            const input = envelopeSigningInput(bytes);
            if (input) crypto.prefetch(input);
            return undefined;
          })
        : () => {};
    const ceremony = createCeremony({
      state,
      transport,
      stateStore,
      rng: env.rng,
      deps: crypto ? { cache, crypto } : { cache },
    });
    const detachUi = attachCeremony(store, coalescedCeremony(ceremony, env.uiIntervalMs ?? LIVE_UI_INTERVAL_MS), {
      inviteUrl: active.inviteUrl,
      draftParams: active.draftParams,
      invitedParams: invitedParamsOf(active.inviteUrl),
      rejectedCode: () => active.rejectedCode,
    });
    const detach = () => {
      detachUi();
      unprefetch();
    };
    current = { ceremony, detach, active, stateStore };
    await ceremony.start();
  }

  function need() {
    if (!current) throw new Error('You are not in a ceremony right now.');
    return current;
  }

  function myOutputs() {
    return outputsOf(need().ceremony.state());
  }

  /** Label and person for download names (issue 15.5): the locked parameters' label, my name. */
  function namesForDownload(): { label: string; person: string } {
    const st = need().ceremony.state();
    return { label: st.session?.params.label ?? '', person: st.name };
  }

  /** The live ceremony (not a rehearsal) stops answering test-signing requests, for good. */
  async function closeTestSigning(): Promise<void> {
    if (!current || current.rehearsal) return;
    await current.ceremony.dispatch({ type: 'closeTestSigning' }).catch(() => undefined);
  }

  async function stopCurrent(): Promise<void> {
    if (!current) return;
    current.detach();
    if (current.rehearsal) current.rehearsal.stop();
    else current.ceremony.stop();
    current = null;
  }

  return {
    async resume() {
      const saved = await activeStore.load();
      if (!saved) return false;
      const active = JSON.parse(saved) as ActiveRecord;
      await run(active, false);
      applySnapshot(store, { notice: { text: 'Resumed your ceremony where you left off.', tone: 'info' } });
      return true;
    },
    async createCeremony(p: CreateCeremonyParams) {
      await stopCurrent();
      checkContact(p.frostClientContact);
      // The label as everyone will see it (normal form); bidi/control characters are refused here, before any room exists.
      const label = normaliseText(p.label);
      const labelBad = labelProblem(label);
      if (labelBad) throw new Error(`The label cannot be used: ${labelBad}.`);
      const id = await identity();
      const { roomId, roomSecret } = newRoom(env.rng);
      const inviteUrl = formatInvite({
        origin: env.origin,
        roomId,
        roomSecret,
        coordinator: id.publicKey,
        params: { suite: suiteNameOf(p.suite), t: p.t, n: p.n, label },
      });
      await run(
        {
          inviteUrl,
          name: p.myName,
          draftParams: { suite: p.suite, t: p.t, n: p.n, label },
          rejectedCode: false,
          ...contactField(p.frostClientContact),
        },
        true,
      );
    },
    async createSigning(p) {
      await stopCurrent();
      let plan;
      try {
        plan = signingPlanOf(p, env.identityCrypto?.());
      } catch (e) {
        if (e instanceof SigningPlanError) throw new Error(e.message, { cause: e });
        throw e;
      }
      const id = await identity();
      const { roomId, roomSecret } = newRoom(env.rng);
      const inviteUrl = formatInvite({
        origin: env.origin,
        roomId,
        roomSecret,
        coordinator: id.publicKey,
        params: { suite: plan.suite, t: plan.minSigners, n: plan.maxSigners, label: plan.label },
      });
      await run(
        {
          inviteUrl,
          name: p.myName,
          draftParams: { suite: suiteIdOf(plan.suite), t: plan.minSigners, n: plan.maxSigners, label: plan.label },
          rejectedCode: false,
          signing: plan.signing,
        },
        true,
        p.keyPackageJson,
      );
    },
    async approveSigning(requestHash, approve) {
      const notices = await need().ceremony.dispatch({ type: 'approveSigning', requestHash, approve });
      const rejected = notices.find((n) => n.kind === 'rejected');
      if (rejected) throw new Error(rejected.message);
    },
    async joinInvite(inviteUrl, myName, opts) {
      await stopCurrent();
      checkContact(opts?.frostClientContact);
      const invite = parseInvite(inviteUrl);
      if (invite.origin !== new URL(env.origin).origin) {
        throw new Error(
          `This invite is for ${invite.origin}; open it there (this page is ${new URL(env.origin).origin}).`,
        );
      }
      await run(
        { inviteUrl, name: myName, draftParams: null, rejectedCode: false, ...contactField(opts?.frostClientContact) },
        false,
        opts?.keyPackageJson,
      );
    },
    async lockRoster(participants) {
      const { ceremony, active } = need();
      const p = active.draftParams;
      if (!p) throw new Error('Only the person who created the ceremony can lock the list of participants.');
      if (participants.length !== p.n)
        throw new Error(`Pick exactly ${p.n} participants (you picked ${participants.length}).`);
      const notices = await ceremony.dispatch({
        type: 'lock',
        params: {
          suite: suiteNameOf(p.suite),
          minSigners: p.t,
          label: p.label,
          maxSigners: p.n,
          ...(active.signing !== undefined ? { signing: active.signing } : {}),
        },
        roster: participants,
      });
      const rejected = notices.find((n) => n.kind === 'rejected');
      if (rejected) throw new Error(rejected.message);
    },
    async confirmCode(match, opts) {
      const cur = need();
      if (!match) {
        cur.active.rejectedCode = true;
        if (!cur.rehearsal) await activeStore.save(JSON.stringify(cur.active));
      }
      // The protocol refuses "codes match" before the code is complete: say so instead of nothing.
      const notices = await cur.ceremony.dispatch(
        match
          ? { type: 'confirmCode', ...(opts?.acceptSingleSigner === true ? { acceptSingleSigner: true } : {}) }
          : { type: 'rejectCode' },
      );
      const rejected = notices.find((n) => n.kind === 'rejected');
      if (rejected) throw new Error(rejected.message);
    },
    async restartWithout(participants, choice) {
      const { ceremony } = need();
      const plan =
        choice === undefined
          ? undefined
          : choice.kind === 'replace'
            ? ({ kind: 'replace' } as const)
            : ({ kind: 'smaller', minSigners: choice.t } as const);
      const notices = await ceremony.dispatch({
        type: 'restartWithout',
        identities: participants,
        ...(plan ? { plan } : {}),
      });
      const rejected = notices.find((n) => n.kind === 'rejected');
      if (rejected) throw new Error(rejected.message);
    },
    async leave() {
      // Once I leave, my device answers no test-signing request for this ceremony again.
      await closeTestSigning();
      await stopCurrent();
      await activeStore.clear();
      resetUi(store);
    },
    async forget() {
      await closeTestSigning();
      const cur = current;
      await stopCurrent();
      await cur?.stateStore.clear();
      await activeStore.clear();
      resetUi(store);
    },
    async exportFrostClientCredentials(): Promise<DownloadFile> {
      const r = frostClientCredentialsOfState(need().ceremony.state());
      if (!('text' in r))
        throw new Error(
          r.status === 'missing'
            ? `No frost-client contact from ${r.missing.join(', ')}.`
            : r.status === 'unsupported'
              ? `frost-client does not support ${r.suite} keys.`
              : r.message,
        );
      return { filename: 'credentials.toml', mimeType: 'application/toml', data: r.text };
    },
    async exportKeyPackage(format): Promise<DownloadFile> {
      const o = myOutputs();
      if (format === 'postcard')
        return {
          filename: downloadName('key-package-postcard', namesForDownload()),
          mimeType: 'application/octet-stream',
          data: keyPackageToPostcard(parseKeyPackage(o.keyPackageJson)),
        };
      return {
        filename: downloadName('key-package', namesForDownload()),
        mimeType: 'application/json',
        data: o.keyPackageJson,
      };
    },
    async makeBackup(request: BackupRequest): Promise<DownloadFile> {
      const o = myOutputs();
      const target =
        request.kind === 'passphrase' ? { passphrase: request.passphrase } : { recipients: request.recipients };
      // v2: the key package and the master secret this ceremony used (recovery needs the latter).
      const file = await encryptKeyPackageBackup(o.keyPackageJson, target, {
        masterSecret: fromHex(need().ceremony.state().master),
      });
      const filename = downloadName('key-package-backup', namesForDownload());
      recordBackupSaved(store, request.kind, filename);
      return { filename, mimeType: 'application/octet-stream', data: file };
    },
    async verifyBackup(proof: BackupProof): Promise<BackupCheck> {
      const o = myOutputs();
      // Only the bytes read back from the file the custodian saved count (issue 15.4): a copy
      // kept in memory proves nothing about what reached the disk.
      const file = proof.file;
      if (!(file instanceof Uint8Array) || file.length === 0) {
        const reason =
          'Pick the backup file you saved (from your Downloads folder, or wherever you saved it): the check opens that file.';
        recordBackupProofFailed(store, reason);
        return { ok: false, reason };
      }
      try {
        const opened = await decryptKeyPackageBackup(
          file,
          proof.kind === 'passphrase' ? { passphrase: proof.passphrase } : { identities: [proof.identity] },
        );
        if (opened.json.trim() !== o.keyPackageJson.trim()) {
          const reason = backupProofMessage('key-package-mismatch');
          recordBackupProofFailed(store, reason);
          return { ok: false, reason };
        }
        // …and the master key inside is the one in use (throws no-master-key / master-key-mismatch).
        checkMasterKey(opened, fromHex(need().ceremony.state().master));
        // "Safe to fund": the hash of the very bytes that opened goes into my acknowledgement.
        provenBackup = { session: need().ceremony.state().session?.id ?? '', sha256: toHex(sha256(file)) };
        recordBackupVerified(store, proof.fileName ?? null);
        return { ok: true };
      } catch (e) {
        const reason = backupProofMessage(e);
        recordBackupProofFailed(store, reason);
        return { ok: false, reason };
      }
    },
    async acknowledgeFunding(checked) {
      const cur = need();
      const sid = cur.ceremony.state().session?.id;
      if (!provenBackup || provenBackup.session !== sid)
        throw new Error(
          'First prove that your saved backup opens (pick the file and enter its passphrase above): your acknowledgement says it does.',
        );
      const notices = await cur.ceremony.dispatch({
        type: 'acknowledgeFunding',
        checked,
        backupProof: provenBackup.sha256,
      });
      const rejected = notices.find((n) => n.kind === 'rejected' && n.error?.culprits.length === 0);
      if (rejected) throw new Error(`Not acknowledged: ${rejected.message}`);
    },
    async testSign(text) {
      const cur = need();
      const r = cur.rehearsal;
      if (!r) return liveTestSign(cur.ceremony, text);
      try {
        const { signers, signatureHex } = await r.testSign(text);
        return { ok: true, signers, signatureHex };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
    async approveTestSign(requestId, approve) {
      const { ceremony } = need();
      const notices = await ceremony.dispatch({ type: 'approveTestSign', requestId, approve });
      const rejected = notices.find((n) => n.kind === 'rejected');
      if (rejected)
        throw new Error(
          rejected.message === 'that test-signing request is no longer the current one'
            ? 'Someone asked for another test signature meanwhile; read the new request and answer it.'
            : rejected.message,
        );
    },
    async hasSavedMasterKey() {
      return isMasterSecretHex(await masterStore.load());
    },
    async recoverKeyPackage(request) {
      // Never creates a master key: recovery reads the one saved here, or the backup's.
      return recoverInPage(request, async () => {
        const saved = await masterStore.load();
        return isMasterSecretHex(saved) ? fromHex(saved) : undefined;
      });
    },
    async startRehearsal(settings) {
      await stopCurrent();
      const rehearsal = await startRehearsal(store, settings, env.rng);
      current = {
        ceremony: rehearsal.me,
        detach: () => {},
        active: {
          inviteUrl: '',
          name: 'You',
          draftParams: { suite: settings.suite, t: settings.t, n: settings.n, label: 'Rehearsal' },
          rejectedCode: false,
        },
        stateStore: createMemoryStateStore(),
        rehearsal,
      };
    },
  };
}
