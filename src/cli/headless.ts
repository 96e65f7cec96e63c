/**
 * The headless participant: drives one ceremony shell (src/ceremony) without a screen. It
 * answers what a person would answer in the browser (confirm the code, and for the
 * coordinator: lock the roster, restart after a failure) either automatically (`--yes`) or by
 * asking, and reports progress. Policies that are not part of the protocol live here — e.g.
 * "restart without whoever we have waited for S seconds" — so the machine keeps no timers.
 */
import { createCeremony, type Ceremony, type CeremonySnapshot, type StateStore } from '../ceremony/index';
import {
  openEnvelope,
  BLAME_REASONS,
  DEFAULT_TEST_TEXT,
  createNobleIdentityCrypto,
  type Rng,
  createProtocolCache,
  type Notice,
  type ParticipantState,
  isSigningSession,
  signingRoomView,
} from '../protocol/index';
import { requestLines } from './signLocal';
import type { Transport } from '../transport/index';
import { createProgressTracker, rejectedEvent, type PersonRef, type ProgressEvent } from './headlessReport';
import type { CoordinatorPlan } from './headlessState';

export interface HeadlessOptions {
  state: ParticipantState;
  transport: Transport;
  stateStore: StateStore;
  rng: Rng;
  /** Confirm the code (and, as coordinator, lock and restart) without asking. */
  autoConfirm: boolean;
  /**
   * A 1-of-n session (t = 1: every participant can sign alone) may be confirmed: the
   * coordinator allowed it (`create --allow-single-signer`) or the custodian accepted it
   * (`join --allow-single-signer`). Without it such a session is refused, and nothing is signed.
   */
  acceptSingleSigner?: boolean;
  /**
   * With autoConfirm: also confirm an attempt after a restart whose key needs every piece
   * (t = n) when the invite announced a key that did not (issue 15.2). Default false.
   */
  acceptSmallerGroup?: boolean;
  /** t of n the invite announced, when it says. */
  announced?: { t: number; n: number };
  /** Asks a yes/no question; resolves true only for an explicit yes. */
  ask: (question: string) => Promise<boolean>;
  /**
   * After success, stay in the room and answer test-signing requests (each one asked with `ask`;
   * `autoConfirm` approves only DEFAULT_TEST_TEXT) until stop(). Otherwise test signing is closed
   * at success and nothing is ever answered.
   */
  answerTestSigning?: boolean;
  /** Set for the coordinator. */
  coordinator?: {
    plan: CoordinatorPlan;
    /** Restart without whoever we have waited for when nothing moved for this long (ms). */
    restartStalledAfterMs?: number;
  };
  emit: (e: ProgressEvent) => void;
  /** Signing rooms: writes the signature(s), transaction and signing record once done; returns the files. */
  writeSigningOutputs?: (state: ParticipantState) => Promise<string[]>;
  /** Writes the outputs once the ceremony succeeded; returns the files written. */
  writeOutputs: (state: ParticipantState) => Promise<string[]>;
  /**
   * "Safe to fund" (issue 14): after success, prove the backup (written, read back from disk,
   * opened), ask whether the address is the one read aloud (`autoConfirm` says yes: automation
   * only), sign the acknowledgement, wait for all n, and write the receipt. Absent: no backup
   * was asked for, so this participant does not acknowledge (and says so).
   */
  funding?: {
    proveBackup: (state: ParticipantState) => Promise<{ path: string; backupProof: string }>;
    writeReceipt: (state: ParticipantState) => Promise<string>;
  };
  /** How long to stay connected after leaving, so the re-sent messages go out (ms; default 1000). */
  lingerMs?: number;
  /** First pause before taking our peer id back after being kicked ('replaced'), doubled each time (ms; default 1000). */
  rejoinBaseMs?: number;
  /** Interval of stall checks and waiting reminders (ms). */
  tickMs?: number;
  /** Reminder of whom we wait for, at most this often (ms). */
  reminderMs?: number;
  now?: () => number;
}

export interface HeadlessResult {
  /** 0 success, 1 failed/aborted, 130 stopped by a signal. */
  exitCode: number;
  message: string;
}

export interface HeadlessRun {
  /** Resolves when the participant is done (success, abort, or stop()). */
  done: Promise<HeadlessResult>;
  /**
   * Stops at once (SIGINT/SIGTERM): the state is already saved; closes every connection. After a
   * success while answering test signing, it closes test signing first and ends with exit code 0.
   */
  stop(exitCode: number, message: string): void;
  ceremony: Ceremony;
}

/** Same transport, but envelopes that do not even open are reported with the peer that handed them over. */
function screened(
  inner: Transport,
  onBad: (peer: string, path: string, e: ReturnType<typeof rejectedEvent>) => void,
  cache: ReturnType<typeof createProtocolCache>,
): Transport {
  const crypto = createNobleIdentityCrypto();
  return {
    ...inner,
    onEnvelope(cb) {
      return inner.onEnvelope((bytes, from, path) => {
        const o = openEnvelope(crypto, bytes, cache);
        if (!o.ok) {
          onBad(from, path, rejectedEvent(o.error.toData(), from, path));
          // false: the transport forgets it and never passes it on to other peers.
          return false;
        }
        return cb(bytes, from, path);
      });
    },
  };
}

const ACTIVE = ['reveal', 'verify', 'round1', 'echo', 'round2', 'confirm'];

export function runHeadless(opts: HeadlessOptions): HeadlessRun {
  const now = opts.now ?? Date.now;
  const cache = createProtocolCache();
  const tracker = createProgressTracker(now);
  const transport = screened(opts.transport, (_peer, _path, e) => opts.emit(e), cache);
  const ceremony = createCeremony({
    state: opts.state,
    transport,
    stateStore: opts.stateStore,
    rng: opts.rng,
    deps: { cache },
  });
  const coord = opts.coordinator;
  let finished = false;
  let resolveDone!: (r: HeadlessResult) => void;
  const done = new Promise<HeadlessResult>((r) => (resolveDone = r));
  const handled = new Set<string>();
  let busy = false;
  let lastProgress = '';
  let lastProgressAt = now();
  let lastReminder = now();
  let timer: ReturnType<typeof setInterval> | undefined;
  let lingerTimer: ReturnType<typeof setTimeout> | undefined;
  let rejoinTimer: ReturnType<typeof setTimeout> | undefined;
  let kicks = 0;
  /** The ceremony succeeded and, with answerTestSigning, we stay for test-signing requests. */
  let succeededAndStaying = false;
  /** Acknowledged; waiting for every custodian's funding acknowledgement (since when, ms). */
  let fundingWaitSince: number | null = null;

  function finish(exitCode: number, message: string): void {
    if (finished) return;
    finished = true;
    if (timer) clearInterval(timer);
    if (lingerTimer) clearTimeout(lingerTimer);
    if (rejoinTimer) clearTimeout(rejoinTimer);
    unsubscribeStatus();
    unsubscribe();
    ceremony.stop();
    resolveDone({ exitCode, message });
  }

  /** Runs one decision at a time; a decision that fails ends the run with its message. */
  function decide(key: string, action: () => Promise<void>): void {
    if (finished || busy || handled.has(key)) return;
    handled.add(key);
    busy = true;
    action()
      .catch((e: unknown) => finish(1, e instanceof Error ? e.message : String(e)))
      .finally(() => {
        busy = false;
        if (!finished) onChange(ceremony.snapshot(), []);
      });
  }

  async function dispatchOrFail(event: Parameters<Ceremony['dispatch']>[0], what: string): Promise<void> {
    const notices = await ceremony.dispatch(event);
    const refused = notices.find(
      (n) =>
        n.kind === 'rejected' &&
        n.error &&
        n.error.culprits.length === 0 &&
        ['wrong-phase', 'invalid-params', 'invalid-roster', 'jailed', 'attempts-exhausted'].includes(n.error.code),
    );
    if (refused) throw new Error(`could not ${what}: ${refused.message}`);
  }

  const refs = (people: { id: number | null; name: string; identity: string }[]): PersonRef[] =>
    people.map((p) => ({ id: p.id, name: p.name, identity: p.identity }));

  function onChange(snap: CeremonySnapshot, notices: readonly Notice[]): void {
    if (finished) return;
    for (const e of tracker.update(snap, notices)) opts.emit(e);
    const v = snap.view;
    const st = ceremony.state();
    const progressKey = JSON.stringify([v.generation, v.phase, v.progress, v.complaints, v.candidates.length]);
    if (progressKey !== lastProgress) {
      lastProgress = progressKey;
      lastProgressAt = now();
    }
    const s = st.session;
    if (isSigningSession(s) && !s.outcome && !st.aborted && Object.keys(s.starts).length === s.roster.length)
      return onSigningRoom(s.id);
    switch (v.phase) {
      case 'lobby': {
        if (!coord || st.generation !== 0 || st.session || st.pendingLock) return;
        const eligible = v.candidates.filter((c) => !c.jailed);
        const n = coord.plan.maxSigners;
        if (eligible.length < n) return;
        // Arrival order: the machine keeps candidates in the order their Hellos came in.
        const order = Object.keys(st.candidates);
        const me = st.identity.publicKey;
        if (!eligible.some((c) => c.identity === me)) return;
        const others = eligible
          .map((c) => c.identity)
          .filter((id) => id !== me)
          .sort((a, b) => order.indexOf(a) - order.indexOf(b))
          .slice(0, n - 1);
        const chosen = [me, ...others].sort((a, b) => order.indexOf(a) - order.indexOf(b));
        const names = chosen.map((id) => st.candidates[id]?.name ?? id.slice(0, 8)).join(', ');
        decide(`lock:${v.generation}`, async () => {
          if (!opts.autoConfirm && !(await opts.ask(`Lock the roster with ${names}? [y/N] `)))
            throw new Error('you did not lock the roster; the ceremony stops');
          if (ceremony.state().session) return;
          const { suite, minSigners, label, singleSigner, signing } = coord.plan;
          await dispatchOrFail(
            {
              type: 'lock',
              params: {
                suite,
                minSigners,
                label,
                ...(singleSigner === true ? { singleSigner } : {}),
                ...(signing !== undefined ? { signing } : {}),
              },
              roster: chosen,
            },
            'lock the roster',
          );
        });
        return;
      }
      case 'verify': {
        if (v.codeConfirmed || !v.sessionId) return;
        const code = v.verificationCode ?? '';
        const single = v.params?.minSigners === 1;
        const n = v.params?.maxSigners ?? v.roster.length;
        if (single && opts.acceptSingleSigner !== true) {
          // Never confirmed without the custodian's explicit acceptance (issue 11 §7.1).
          return void decide(`single:${v.sessionId}`, async () =>
            leave(
              1,
              `this ceremony makes a 1-of-${n} key: EVERY participant would hold the whole key and could sign alone; not confirmed. Run again with --allow-single-signer only if that is really meant`,
            ),
          );
        }
        // A restart that left people out can turn a t-of-n key into one that needs every piece
        // (issue 15.2): --yes does not accept that silently.
        const p = v.params;
        const everyPiece =
          p !== null &&
          v.generation > 0 &&
          p.minSigners === p.maxSigners &&
          !(opts.announced && opts.announced.t === opts.announced.n);
        const what = p ? `${p.minSigners} of ${p.maxSigners} must sign` : '';
        decide(`code:${v.sessionId}`, async () => {
          if (everyPiece && opts.autoConfirm && !opts.acceptSmallerGroup) {
            // Leave rather than reject the code: the code is fine, the key is what is not accepted.
            leave(
              1,
              `after the restart this attempt makes a key that ${what}: if any piece is lost, the key is lost; not accepted with --yes (add --accept-smaller-group to accept it)`,
            );
            return;
          }
          if (single)
            opts.emit({
              t: 'info',
              message: `WARNING: this key is 1-of-${n}: every participant, you included, will hold the whole key and can sign alone`,
            });
          const warning = everyPiece
            ? ` WARNING: after the restart the key needs every piece (${what}); if any piece is lost, the key is lost.`
            : '';
          const question = single
            ? `Verification code ${code} (key: ${what}). Do all participants see the same code, and do you accept a 1-of-${n} key that each of them can use alone? [y/N] `
            : `Verification code ${code} (key: ${what}).${warning} Do all participants see the same code? [y/N] `;
          const yes = opts.autoConfirm || (await opts.ask(question));
          // The answer is about the code that was shown; a restart meanwhile brings its own question.
          if (ceremony.state().session?.id !== v.sessionId) return;
          if (yes) {
            await dispatchOrFail(
              { type: 'confirmCode', ...(single ? { acceptSingleSigner: true } : {}) },
              'confirm the code',
            );
          } else {
            await dispatchOrFail({ type: 'rejectCode' }, 'reject the code');
            leave(1, 'you rejected the verification code; the ceremony stopped for everyone');
          }
        });
        return;
      }
      case 'failed': {
        const f = v.failure;
        if (!f) return;
        const blamed = BLAME_REASONS.includes(f.reason) && f.culprits.length > 0;
        // The coordinator's restart without someone arrives right after its failure record.
        const restartComing = blamed || f.reason === 'excluded-by-coordinator';
        if (!restartComing)
          return void decide(`leave:${v.generation}`, async () => leave(1, `the ceremony failed: ${f.message}`));
        if (!coord) {
          decide(`wait-restart:${v.generation}`, async () =>
            opts.emit({
              t: 'info',
              message: 'waiting for the coordinator to restart without the culprits (Ctrl-C to leave)',
            }),
          );
          return;
        }
        if (!blamed) return;
        const without = f.culprits.map((c) => ({ id: c.id ?? null, name: c.name ?? '?', identity: c.identity }));
        decide(`restart:${v.generation}`, async () => {
          const ask = `Restart without ${without.map((p) => p.name).join(', ')}? [y/N] `;
          if (!opts.autoConfirm && !(await opts.ask(ask))) throw new Error(`the ceremony failed: ${f.message}`);
          if (ceremony.state().generation !== v.generation) return;
          opts.emit({ t: 'restarting', generation: v.generation, without, why: f.message });
          await dispatchOrFail({ type: 'restart' }, 'restart');
        });
        return;
      }
      case 'aborted':
        return finish(
          1,
          v.abortReason ? `${v.abortReason.message} (${v.abortReason.code})` : 'the ceremony was aborted',
        );
      case 'success':
        decide(`success:${v.generation}`, async () => {
          const files = await opts.writeOutputs(ceremony.state());
          const key = v.groupKey.hex ?? '';
          const taproot = v.params?.suite === 'secp256k1-tr' && /^0[23][0-9a-f]{64}$/.test(key);
          opts.emit({
            t: 'success',
            generation: v.generation,
            identifier: v.me.id ?? 0,
            groupKey: key,
            files,
            ...(v.params ? { minSigners: v.params.minSigners, maxSigners: v.params.maxSigners } : {}),
            // BIP-340: the x-only key is the compressed key without its parity byte (issue 15.6).
            ...(taproot ? { xOnlyKey: key.slice(2) } : {}),
          });
          // Not staying for test signing: from now on nothing is answered (SECURITY.md).
          if (!opts.answerTestSigning) await ceremony.dispatch({ type: 'closeTestSigning' });
          if (opts.funding) return acknowledgeFunding(opts.funding);
          opts.emit({
            t: 'info',
            message:
              'no backup was asked for (--backup-passphrase-file or --backup-identity-file): this participant does not take part in the "safe to fund" check',
          });
          afterSuccess();
        });
        if (fundingWaitSince !== null && v.funding?.safeToFund) {
          const funding = opts.funding;
          decide(`safe-to-fund:${v.generation}`, async () => {
            const path = funding ? await funding.writeReceipt(ceremony.state()) : '';
            fundingWaitSince = null;
            opts.emit({ t: 'safe-to-fund', n: v.roster.length, checked: v.funding?.primary ?? '', receipt: path });
            afterSuccess();
          });
        }
        if (succeededAndStaying) answerTestSign(v);
        return;
      default:
        return;
    }
  }

  /**
   * A signing room once every code was confirmed (issue 17): show the request in plain words and
   * ask (only `--yes`, for automation, answers without asking), then report and write the outcome.
   */
  function onSigningRoom(sessionId: string): void {
    const room = signingRoomView(ceremony.state());
    if (!room) return;
    if (room.status === 'collecting' && room.decision === 'pending' && room.canAnswer)
      return decide(`approve:${sessionId}`, async () => {
        opts.emit({ t: 'request', requestHash: room.requestHash, lines: requestLines(room.request) });
        const yes =
          opts.autoConfirm ||
          (await opts.ask(
            `Sign exactly this with your share of the ${room.key.minSigners}-of-${room.key.holders} key? [y/N] `,
          ));
        if (ceremony.state().session?.id !== sessionId) return;
        await dispatchOrFail(
          { type: 'approveSigning', requestHash: room.requestHash, approve: yes },
          'answer the request',
        );
        opts.emit({ t: 'answered', approve: yes });
      });
    if (room.status === 'done')
      return decide(`signed:${sessionId}`, async () => {
        const files = opts.writeSigningOutputs ? await opts.writeSigningOutputs(ceremony.state()) : [];
        const ref = (c: { id?: number; name?: string; identity: string }): PersonRef => ({
          id: c.id ?? null,
          name: c.name ?? '?',
          identity: c.identity,
        });
        opts.emit({
          t: 'signed',
          signers: room.attempt?.signers.map(ref) ?? [],
          blamed: room.blamed.map(ref),
          signatures: room.signatures,
          transaction: room.transaction,
          files,
        });
        leave(0, 'done');
      });
    if (room.status === 'failed')
      return decide(`sign-failed:${sessionId}`, async () =>
        leave(1, `the signing failed: ${room.error?.message ?? 'unknown reason'}`),
      );
  }

  /** After success (and the funding check, when taken part in): stay for test signing, or leave. */
  function afterSuccess(): void {
    if (opts.answerTestSigning) {
      succeededAndStaying = true;
      opts.emit({ t: 'info', message: 'staying in the room to answer test-signing requests; press Ctrl-C to leave' });
      return;
    }
    leave(0, 'done');
  }

  /**
   * My funding acknowledgement: the backup proven from disk, then the address confirmed (asked,
   * or `--yes` in automation, said so in the output), then signed and sent once. A resumed run
   * whose acknowledgement is already signed only waits for the others.
   */
  async function acknowledgeFunding(funding: NonNullable<HeadlessOptions['funding']>): Promise<void> {
    const f = ceremony.snapshot().view.funding;
    if (!f) throw new Error('the funding check needs a successful ceremony');
    if (!f.mine) {
      const proof = await funding.proveBackup(ceremony.state());
      opts.emit({
        t: 'info',
        message: `backup ${proof.path} was read back from disk and opens to your key package (sha256 ${proof.backupProof})`,
      });
      const noun =
        f.kind === 'taproot-address'
          ? 'the Bitcoin (Taproot) address'
          : f.kind === 'solana-address'
            ? 'the Solana address'
            : 'the group key fingerprint';
      let yes: boolean;
      if (opts.autoConfirm) {
        opts.emit({
          t: 'info',
          message: `--yes (automation only): ${noun} ${f.primary} is confirmed WITHOUT anyone comparing it aloud`,
        });
        yes = true;
      } else yes = await opts.ask(`Everybody reads ${noun} aloud. Is it exactly ${f.primary} ? [y/N] `);
      if (!yes)
        return leave(
          1,
          `you did not confirm ${noun} ${f.primary}: do NOT send funds to this key until every custodian has checked it`,
        );
      await dispatchOrFail(
        { type: 'acknowledgeFunding', checked: f.primary, backupProof: proof.backupProof },
        'acknowledge the funding check',
      );
    }
    fundingWaitSince = now();
    opts.emit({
      t: 'info',
      message:
        'you acknowledged; waiting until every custodian has proven their backup and checked the address (Ctrl-C to leave)',
    });
  }

  /**
   * A test-signing request for me, shown with its text and who asked: signed only on an explicit
   * yes (`--yes` says yes only to the default text; anything else is asked on the terminal).
   */
  function answerTestSign(v: CeremonySnapshot['view']): void {
    const t = v.testSign;
    if (t.status !== 'collecting' || t.approval !== 'pending' || t.requestId === null || t.requester === null) return;
    const requestId = t.requestId;
    const asker = v.roster[t.requester - 1];
    const who = asker
      ? `${asker.name} (#${asker.id ?? '?'}, fingerprint ${asker.fingerprint})`
      : `participant #${t.requester}`;
    const signers = t.signers.map((i) => v.roster[i - 1]?.name ?? `#${i}`).join(', ');
    const text = t.text;
    decide(`test-sign:${requestId}`, async () => {
      const yes =
        (opts.autoConfirm && text === DEFAULT_TEST_TEXT) ||
        (await opts.ask(
          `${who} asks you to sign the test text ${JSON.stringify(text)} (signers: ${signers}). Sign it? [y/N] `,
        ));
      const notices = await ceremony.dispatch({ type: 'approveTestSign', requestId, approve: yes });
      const refused = notices.find((n) => n.kind === 'rejected');
      opts.emit({
        t: 'info',
        message: refused
          ? `test signing: ${refused.message}`
          : yes
            ? `you approved the test text ${JSON.stringify(text)}`
            : `you declined the test text ${JSON.stringify(text)}`,
      });
    });
  }

  /**
   * A normal exit (success, or a failure that ends the ceremony): drop the data channels and
   * send everything I signed once more through the server, whose room log keeps it, so a peer
   * that is still catching up (e.g. restarted from its state file) can finish after I am gone.
   * Then linger briefly, so queued frames leave, and stop.
   */
  function leave(exitCode: number, message: string): void {
    if (finished || lingerTimer) return;
    transport.setPeers([]);
    void ceremony.dispatch({ type: 'resend' }).catch(() => undefined);
    lingerTimer = setTimeout(() => finish(exitCode, message), opts.lingerMs ?? 1000);
  }

  function tick(): void {
    if (finished) return;
    const snap = ceremony.snapshot();
    const v = snap.view;
    if (fundingWaitSince !== null && v.funding && !v.funding.safeToFund) {
      const t = now();
      if (t - lastReminder < (opts.reminderMs ?? 10_000)) return;
      lastReminder = t;
      const ids = [...v.funding.waitingFor, ...v.funding.refused.map((r) => r.id)];
      const people = ids.map((i) => v.roster[i - 1]).filter((p): p is NonNullable<typeof p> => p !== undefined);
      opts.emit({
        t: 'waiting',
        phase: 'the funding check',
        generation: v.generation,
        for: refs(people),
        seconds: Math.round((t - fundingWaitSince) / 1000),
      });
      return;
    }
    if (v.phase === 'lobby') return lobbyStall();
    if (!ACTIVE.includes(v.phase)) return;
    const others = v.waitingFor.filter((p) => !p.isMe);
    if (others.length === 0) return;
    const t = now();
    if (t - lastReminder >= (opts.reminderMs ?? 10_000)) {
      lastReminder = t;
      const r = tracker.reminder(snap);
      if (r) opts.emit(r);
    }
    const after = coord?.restartStalledAfterMs;
    // Only when nobody waits on my own answer: I am not part of the stall.
    if (after === undefined || v.waitingFor.some((p) => p.isMe) || t - lastProgressAt < after) return;
    const without = refs(others);
    decide(`stall:${v.generation}:${lastProgress}`, async () => {
      opts.emit({
        t: 'restarting',
        generation: v.generation,
        without,
        why: `no progress for ${Math.round((t - lastProgressAt) / 1000)}s in ${v.phase}`,
      });
      const notices = await ceremony.dispatch({ type: 'restartWithout', identities: without.map((p) => p.identity) });
      const refused = notices.find((n) => n.kind === 'rejected' && n.error && n.error.culprits.length === 0);
      // Not fatal: they may still come back; the wait goes on and is reported.
      if (refused)
        opts.emit({
          t: 'info',
          message: `cannot restart without ${without.map((p) => p.name).join(', ')}: ${refused.message}`,
        });
    });
  }

  /**
   * After a restart the machine locks the next roster once everyone expected said Hello. If
   * someone never comes back, the coordinator (with the stall policy) locks without them.
   */
  function lobbyStall(): void {
    const after = coord?.restartStalledAfterMs;
    const st = ceremony.state();
    const pl = st.pendingLock;
    if (after === undefined || !pl || pl.generation !== st.generation || st.session || now() - lastProgressAt < after)
      return;
    const here = pl.expected.filter((id) => st.candidates[id]);
    const missing = pl.expected.filter((id) => !st.candidates[id]);
    if (missing.length === 0 || here.length < Math.max(2, pl.params.minSigners)) return;
    const without = missing.map((identity) => ({ id: null, name: `[${identity.slice(0, 8)}]`, identity }));
    decide(`lobby-stall:${st.generation}:${lastProgress}`, async () => {
      opts.emit({
        t: 'restarting',
        generation: st.generation,
        without,
        why: `they did not come back for generation ${st.generation}`,
      });
      await dispatchOrFail({ type: 'lock', params: { ...pl.params }, roster: here }, 'lock the roster');
    });
  }

  /**
   * The server closed this connection because another one joined the room with our peer id
   * ('replaced': a second copy of this participant, or anyone who knows our public identity
   * key, which the peer id is). The signalling client stops there, so that two copies do not
   * kick each other forever; a headless participant that just stopped would stall a relay-only
   * ceremony with no word (issue 11 §7.5). So: say so, and take the id back after a growing
   * pause (1 s, 2 s, … 30 s). The state is saved, so nothing is lost or signed twice.
   */
  const unsubscribeStatus = opts.transport.onStatus((s) => {
    if (s.state !== 'replaced' || finished || rejoinTimer) return;
    const delayMs = Math.min(30_000, (opts.rejoinBaseMs ?? 1000) * 2 ** Math.min(kicks, 5));
    kicks++;
    opts.emit({
      t: 'info',
      message: `the server disconnected us: another connection joined the room with our id (kicked, ${kicks}×); reconnecting in ${Math.round(delayMs / 1000)}s`,
    });
    rejoinTimer = setTimeout(() => {
      rejoinTimer = undefined;
      if (!finished) opts.transport.start();
    }, delayMs);
  });

  const unsubscribe = ceremony.subscribe(onChange);
  void ceremony
    .start()
    .then(() => {
      if (finished) return;
      timer = setInterval(tick, opts.tickMs ?? 500);
      (timer as { unref?: () => void }).unref?.();
      onChange(ceremony.snapshot(), []);
    })
    .catch((e: unknown) => finish(1, e instanceof Error ? e.message : String(e)));

  function stop(exitCode: number, message: string): void {
    if (!succeededAndStaying) return finish(exitCode, message);
    // Done with test signing: nothing more is answered, then a normal, successful exit.
    void ceremony
      .dispatch({ type: 'closeTestSigning' })
      .catch(() => undefined)
      .finally(() => finish(0, 'done'));
  }

  return { done, stop, ceremony };
}
