/**
 * What the headless participant tells its user: progress events derived from the ceremony's
 * secret-free snapshots and notices, printed as human lines or (with `--json-events`) one JSON
 * object per line. Events carry names, ids and public keys only — never a secret.
 */
import type { CeremonySnapshot } from '../ceremony/index';
import {
  type Culprit,
  type ProtocolErrorData,
  type Notice,
  type FailureReason,
  isHex,
  fingerprint,
  clashingWith,
} from '../protocol/index';

export interface PersonRef {
  id: number | null;
  name: string;
  identity: string;
}

/** One progress event (`t` is its kind). */
export type ProgressEvent =
  | {
      t: 'identity';
      name: string;
      publicKey: string;
      fingerprint: string;
      room: string;
      server: string;
      resumed: boolean;
    }
  | { t: 'invite'; url: string }
  | { t: 'server'; state: string }
  | { t: 'lobby'; generation: number; candidates: PersonRef[] }
  | { t: 'phase'; phase: string; generation: number }
  | {
      t: 'code';
      code: string;
      generation: number;
      sessionId: string;
      roster: PersonRef[];
      params?: { suite: string; t: number; n: number; label: string };
    }
  | { t: 'waiting'; phase: string; generation: number; for: PersonRef[]; seconds: number }
  | { t: 'links'; direct: number; relayed: number; connecting: number; down: number }
  | {
      t: 'rejected';
      code: string;
      message: string;
      round: string;
      culprits: Culprit[];
      claimedSender?: string;
      peer?: string;
      path?: string;
    }
  | { t: 'bad-peer'; peer: string; reason: string }
  | { t: 'failed'; generation: number; reason: FailureReason; culprits: Culprit[]; message: string }
  | { t: 'restarted'; generation: number }
  | { t: 'restarting'; generation: number; without: PersonRef[]; why: string }
  | {
      t: 'success';
      generation: number;
      identifier: number;
      groupKey: string;
      files: string[];
      /** t of n of the key made (it may differ from the invite after a restart, issue 15.2). */
      minSigners?: number;
      maxSigners?: number;
      /** secp256k1-tr: the 32-byte x-only key Bitcoin tools use (issue 15.6). */
      xOnlyKey?: string;
    }
  /** Every custodian proved their backup and checked the address; `receipt` is the file written. */
  | { t: 'safe-to-fund'; n: number; checked: string; receipt: string }
  | { t: 'aborted'; code: string; message: string }
  | { t: 'info'; message: string }
  /** Signing room: the request in plain words, as this participant parsed it, and its hash. */
  | { t: 'request'; requestHash: string; lines: string[] }
  /** Signing room: my answer went out. */
  | { t: 'answered'; approve: boolean }
  /** Signing room: done; every signature verified under the group key. */
  | {
      t: 'signed';
      signers: PersonRef[];
      blamed: PersonRef[];
      signatures: string[];
      transaction: string | null;
      files: string[];
    }
  | { t: 'done'; exitCode: number; message: string };

/**
 * The fingerprint people compare (the same one the browser shows), beside every name: a name
 * is only what its owner typed, and two people may type look-alike names (names.ts).
 */
const fp = (identity: string): string => (isHex(identity, 32) ? fingerprint(identity) : String(identity).slice(0, 8));
const who = (c: Culprit): string =>
  c.name ? `${c.name}${c.id ? ` (#${c.id})` : ''} [${fp(c.identity)}]` : c.identity.slice(0, 16);
const person = (p: PersonRef): string => `${p.name}${p.id ? ` (#${p.id})` : ''} [${fp(p.identity)}]`;

/** A lobby list, each name with its fingerprint, and a warning on names that look alike. */
function lobbyList(people: PersonRef[]): string {
  const clashes = clashingWith(people);
  return people
    .map((p) => {
      const like = (clashes[p.identity] ?? [])
        .map((id) => people.find((q) => q.identity === id))
        .filter((q): q is PersonRef => q !== undefined);
      return like.length === 0
        ? person(p)
        : `${person(p)} (WARNING: looks like ${like.map(person).join(', ')}; check fingerprints)`;
    })
    .join(', ');
}

/** The human line for an event. */
export function humanLine(e: ProgressEvent): string {
  switch (e.t) {
    case 'identity':
      return `${e.resumed ? 'resuming' : 'joining'} room ${e.room} at ${e.server} as ${e.name} (fingerprint ${e.fingerprint})`;
    case 'invite':
      return `invite link (send it to the participants; it holds the room secret):\n  ${e.url}`;
    case 'server':
      return `server: ${e.state}`;
    case 'lobby':
      return `lobby (generation ${e.generation}): ${lobbyList(e.candidates) || 'nobody yet'}`;
    case 'phase':
      return `phase: ${e.phase} (generation ${e.generation})`;
    case 'code':
      return `verification code: ${e.code}   (roster: ${e.roster.map(person).join(', ')})${
        e.params
          ? `\n  it covers the key "${e.params.label}": ${e.params.suite}, ${e.params.t} of ${e.params.n} must sign, attempt ${e.generation + 1}`
          : ''
      }`;
    case 'waiting':
      return `waiting for ${e.for.map(person).join(', ')} in ${e.phase}${e.seconds > 0 ? ` (${e.seconds}s)` : ''}`;
    case 'links':
      return `links: ${e.direct} direct, ${e.relayed} relayed, ${e.connecting} connecting, ${e.down} down`;
    case 'rejected': {
      const from =
        e.culprits.length > 0
          ? e.culprits.map(who).join(', ')
          : e.claimedSender
            ? `unproven sender ${e.claimedSender.slice(0, 16)}`
            : 'unknown sender';
      const via = e.peer ? ` (handed over by peer ${e.peer.slice(0, 16)} via ${e.path ?? '?'})` : '';
      return `rejected a message from ${from}${via}: ${e.code}: ${e.message}`;
    }
    case 'bad-peer':
      return `peer ${e.peer.slice(0, 16)} sent unreadable data (${e.reason}); dropped`;
    case 'failed':
      return `generation ${e.generation} failed (${e.reason}): ${e.message}`;
    case 'restarted':
      return `generation ${e.generation} started: compare the new verification code`;
    case 'restarting':
      return `restarting without ${e.without.map(person).join(', ') || 'nobody'}: ${e.why}`;
    case 'success':
      return [
        `success: group key ${e.groupKey} (you are participant #${e.identifier})`,
        ...(e.minSigners !== undefined && e.maxSigners !== undefined
          ? [`  the key: ${e.minSigners} of ${e.maxSigners} must sign`]
          : []),
        ...(e.xOnlyKey !== undefined
          ? [`  Taproot key (x-only, 32 bytes, the form Bitcoin tools use): ${e.xOnlyKey}`]
          : []),
        ...e.files.map((f) => `  wrote ${f}`),
      ].join('\n');
    case 'aborted':
      return `stopped: ${e.message}`;
    case 'safe-to-fund':
      return `Safe to fund: all ${e.n} custodians have a working backup and checked the address (${e.checked})${e.receipt ? `\n  wrote ${e.receipt}` : ''}`;
    case 'request':
      return `the request to sign (hash ${e.requestHash}):\n${e.lines.join('\n')}`;
    case 'answered':
      return e.approve ? 'you approved the request' : 'you refused the request';
    case 'signed':
      return `signed by ${e.signers.map((p) => p.name).join(', ')}${e.blamed.length ? ` (left out after an invalid share: ${e.blamed.map((p) => p.name).join(', ')})` : ''}; every signature verifies. Files: ${e.files.join(', ')}`;
    case 'info':
      return e.message;
    case 'done':
      // A failure's message is printed once, by the command, as its error line.
      return e.exitCode === 0 ? e.message : '';
  }
}

export interface Reporter {
  emit(e: ProgressEvent): void;
}

/** Human lines on `out`; or JSON lines on `out` and the human lines on `err` (for logs). */
export function createReporter(out: (text: string) => void, err: (text: string) => void, json: boolean): Reporter {
  return {
    emit(e) {
      if (json) {
        out(`${JSON.stringify(e)}\n`);
        const line = humanLine(e);
        if (line) err(`${line}\n`);
      } else {
        const line = humanLine(e);
        if (line) out(`${line}\n`);
      }
    },
  };
}

const refOf = (p: { id: number | null; name: string; identity: string }): PersonRef => ({
  id: p.id,
  name: p.name,
  identity: p.identity,
});

/** Notice → event (only what the snapshot does not already say). */
function noticeEvent(n: Notice): ProgressEvent | null {
  if (n.kind === 'rejected' && n.error) return rejectedEvent(n.error);
  if (n.kind === 'info') return { t: 'info', message: n.message };
  return null;
}

export function rejectedEvent(d: ProtocolErrorData, peer?: string, path?: string): ProgressEvent {
  return {
    t: 'rejected',
    code: d.code,
    message: d.message,
    round: d.round,
    culprits: d.culprits,
    ...(d.claimedSender ? { claimedSender: d.claimedSender } : {}),
    ...(peer ? { peer } : {}),
    ...(path ? { path } : {}),
  };
}

/**
 * Turns successive snapshots into the events worth printing: only what changed (phase, code,
 * lobby, who we wait for, link summary, server status, new bad peers, failures).
 */
export function createProgressTracker(now: () => number = Date.now): {
  update(s: CeremonySnapshot, notices: readonly Notice[]): ProgressEvent[];
  /** The current wait, repeated (for a periodic reminder), or null when not waiting. */
  reminder(s: CeremonySnapshot): ProgressEvent | null;
} {
  const last = new Map<string, string>();
  const badSeen = new WeakSet<object>();
  let waitingSince = now();
  const changed = (key: string, value: unknown): boolean => {
    const v = JSON.stringify(value);
    if (last.get(key) === v) return false;
    last.set(key, v);
    return true;
  };
  const waitingEvent = (s: CeremonySnapshot): ProgressEvent => ({
    t: 'waiting',
    phase: s.view.phase,
    generation: s.view.generation,
    for: s.view.waitingFor.map(refOf),
    seconds: Math.floor((now() - waitingSince) / 1000),
  });
  return {
    update(s, notices) {
      const out: ProgressEvent[] = [];
      const v = s.view;
      if (changed('server', s.server.state)) out.push({ t: 'server', state: s.server.state });
      if (v.phase === 'lobby' && changed('lobby', [v.generation, v.candidates.map((c) => c.identity)]))
        out.push({ t: 'lobby', generation: v.generation, candidates: v.candidates.map(refOf) });
      if (changed('phase', [v.phase, v.generation])) {
        if (v.phase !== 'failed' && v.phase !== 'aborted')
          out.push({ t: 'phase', phase: v.phase, generation: v.generation });
        if (v.phase === 'failed' && v.failure)
          out.push({
            t: 'failed',
            generation: v.generation,
            reason: v.failure.reason,
            culprits: v.failure.culprits,
            message: v.failure.message,
          });
        if (v.phase === 'aborted' && v.abortReason)
          out.push({ t: 'aborted', code: v.abortReason.code, message: v.abortReason.message });
      }
      if (v.verificationCode && v.sessionId && changed('code', v.sessionId))
        out.push({
          t: 'code',
          code: v.verificationCode,
          generation: v.generation,
          sessionId: v.sessionId,
          roster: v.roster.map(refOf),
          ...(v.params
            ? {
                params: {
                  suite: v.params.suite,
                  t: v.params.minSigners,
                  n: v.params.maxSigners,
                  label: v.params.label,
                },
              }
            : {}),
        });
      for (const n of notices) {
        if (n.kind === 'restarted') out.push({ t: 'restarted', generation: v.generation });
        const e = noticeEvent(n);
        if (e) out.push(e);
      }
      const waiting = ['reveal', 'verify', 'round1', 'echo', 'round2', 'confirm'].includes(v.phase)
        ? v.waitingFor.map((p) => p.identity)
        : [];
      if (changed('waiting', [v.generation, v.phase, waiting])) {
        waitingSince = now();
        if (waiting.length > 0) out.push(waitingEvent(s));
      }
      const counts = { direct: 0, relayed: 0, connecting: 0, down: 0 };
      for (const l of Object.values(s.links)) counts[l]++;
      if (changed('links', counts) && Object.keys(s.links).length > 0) out.push({ t: 'links', ...counts });
      // The shell's bad-peer list is bounded (oldest dropped) but keeps its entry objects.
      for (const b of s.badPeers) {
        if (badSeen.has(b)) continue;
        badSeen.add(b);
        out.push({ t: 'bad-peer', peer: b.peer, reason: b.reason });
      }
      return out;
    },
    reminder(s) {
      const active = ['reveal', 'verify', 'round1', 'echo', 'round2', 'confirm'].includes(s.view.phase);
      return active && s.view.waitingFor.length > 0 ? waitingEvent(s) : null;
    },
  };
}
