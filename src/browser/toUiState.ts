/**
 * Maps what the ceremony shell knows (the protocol's secret-free view, link states, presence)
 * onto the UI store's shape. Pure: the "since" times for the waiting list come in as a
 * tracker the caller keeps, and nothing here reads a clock or touches secrets.
 */
import type { CeremonySnapshot, FrostClientStatus } from '../ceremony/index';
import {
  type FailureReason,
  type CeremonyView,
  type PersonView,
  getSuite,
  suiteByCiphersuiteId,
  type SuiteName,
  type WalletOutputs,
  decodeContact,
  publicKeyPackageToJson,
  publicKeyPackageToPostcard,
  readPublicKeyPackage,
} from '../protocol/index';
import {
  pairKey,
  type AppPhase,
  type Candidate,
  type CeremonyParams,
  type FailureInfo,
  type FindingCode,
  type LinkState,
  type Progress,
  type RoundKey,
  type SuiteId,
  type UiState,
  type WaitReason,
  type WaitingEntry,
} from '../store/index';
import { downloadName } from './downloadNames';
import { PresenceTracker } from './presence';

export function suiteIdOf(name: SuiteName): SuiteId {
  return getSuite(name).ciphersuiteId as SuiteId;
}

export function suiteNameOf(id: SuiteId): SuiteName {
  const s = suiteByCiphersuiteId(id);
  if (!s) throw new Error(`unknown key type ${id}`);
  return s.name;
}

const FINDING_OF: Record<FailureReason, FindingCode> = {
  equivocation: 'equivocation',
  'invalid-round1': 'bad-proof',
  'bad-share': 'bad-share',
  'false-complaint': 'false-complaint',
  'code-mismatch': 'code-mismatch',
  'excluded-by-coordinator': 'excluded',
  'confirmation-mismatch': 'confirmation-mismatch',
  'dkg-failed': 'local-error',
};

const ROUND_OF_PHASE: Partial<Record<CeremonyView['phase'], RoundKey>> = {
  round1: 'round1',
  echo: 'echo',
  round2: 'round2',
  confirm: 'confirm',
};

/** The phase the screens show for a protocol view. */
export function appPhaseOf(v: Pick<CeremonyView, 'phase' | 'groupKey'>): AppPhase {
  // Waiting for the parts of the code is, for the custodian, the start of the code check.
  if (v.phase === 'reveal') return 'verify';
  // Success is shown only once the group key is confirmed.
  if (v.phase === 'success' && v.groupKey.status !== 'confirmed') return 'confirm';
  return v.phase;
}

/** Keeps, per waited-for participant and reason, when the waiting started (epoch ms). */
export class WaitTracker {
  private since = new Map<string, number>();
  update(entries: { id: string; reason: WaitReason }[], now: number): WaitingEntry[] {
    const next = new Map<string, number>();
    const out = entries.map((e) => {
      const k = `${e.reason}:${e.id}`;
      const since = this.since.get(k) ?? now;
      next.set(k, since);
      return { ...e, since };
    });
    this.since = next;
    return out;
  }
}

/** What other participants told us they hold, per round (from status gossip, when available). */
export type PeerHoldings = Record<string, Partial<Record<RoundKey, string[]>>>;

export interface UiExtras {
  inviteUrl: string;
  /** The coordinator's chosen parameters before the roster is locked. */
  draftParams: CeremonyParams | null;
  /** What the invite announced (null for links without it). */
  invitedParams?: CeremonyParams | null;
  /** Set when I pressed "codes differ". */
  rejectedCode: boolean;
  peerHoldings?: PeerHoldings;
  /** The signed failure record (public evidence), when there is one. */
  failureRecord?: string | null;
  publicKeyPackageJson?: string | null;
  certificateJson?: string | null;
  /** Wallet outputs of the confirmed key (computed once by the shell at success). */
  wallet?: WalletOutputs[] | null;
  /** frost-client credentials.toml availability (computed once at success). */
  frostClient?: FrostClientStatus | null;
  now: number;
  waits: WaitTracker;
  /** Since when we wait for each custodian's funding acknowledgement (its own tracker). */
  fundingWaits?: WaitTracker;
  /** funding-receipt.json once all n acknowledged (fundingReceiptOf). */
  fundingReceiptJson?: string | null;
  /** Keeps since when each person's presence holds; without it every state starts `now`. */
  presence?: PresenceTracker;
}

function linkOf(snapshot: CeremonySnapshot, person: PersonView): LinkState {
  if (person.isMe) return 'direct';
  const inRoom = snapshot.presence.includes(person.identity);
  // Someone the server says left the room has no working link, whatever a data channel that
  // has not noticed yet still claims (a closed tab showed "Direct" for 15 s: issue 15.3).
  if (!inRoom && snapshot.server.state === 'open') return 'down';
  return snapshot.links[person.identity] ?? (inRoom ? 'connecting' : 'down');
}

export function toUiState(snapshot: CeremonySnapshot, extras: UiExtras): Partial<UiState> {
  const v = snapshot.view;
  const idOf = (n: number): string | undefined => v.roster[n - 1]?.identity;
  const ids = (ns: number[]): string[] => ns.map(idOf).filter((x): x is string => x !== undefined);

  const params: CeremonyParams | null = v.params
    ? { suite: suiteIdOf(v.params.suite), t: v.params.minSigners, n: v.params.maxSigners, label: v.params.label }
    : (extras.draftParams ?? extras.invitedParams ?? null);

  const candidates: Candidate[] = v.candidates.map((c) => ({
    id: c.identity,
    name: c.name,
    fingerprint: c.fingerprint,
    connection: linkOf(snapshot, c),
    online: c.isMe || snapshot.presence.includes(c.identity),
    reputation: Math.round(c.score * 100) / 100,
    jailed: c.jailed
      ? {
          reason: 'Found at fault in an earlier attempt of this ceremony',
          untilGeneration: (c.jailedUntil ?? v.generation) + 1,
        }
      : null,
    isCoordinator: c.isCoordinator,
    // Already decoded and checked by the machine (onHello); decoded again only for the name inside.
    ...(c.frostClientContact
      ? { frostClientContact: { name: decodeContact(c.frostClientContact).name, text: c.frostClientContact } }
      : {}),
  }));

  let progress: Progress | null = null;
  if (v.progress) {
    const rounds = {} as Progress['rounds'];
    const mine = {
      round1: v.progress.round1,
      echo: v.progress.echo,
      round2: v.progress.round2,
      confirm: v.progress.confirm,
    };
    for (const key of ['round1', 'echo', 'round2', 'confirm'] as const) {
      const received: Record<string, string[]> = {};
      for (const [peer, held] of Object.entries(extras.peerHoldings ?? {}))
        if (held[key]) received[peer] = [...held[key]!];
      received[v.me.identity] = ids(mine[key].have);
      rounds[key] = { received };
    }
    const links: Record<string, LinkState> = {};
    for (const p of v.roster) if (!p.isMe) links[pairKey(v.me.identity, p.identity)] = linkOf(snapshot, p);
    progress = { rounds, links };
  }

  const phaseRound = ROUND_OF_PHASE[v.phase];
  const waitReason: WaitReason = v.phase === 'verify' || v.phase === 'reveal' ? 'code' : (phaseRound ?? 'round1');
  const active = v.phase !== 'success' && v.phase !== 'failed' && v.phase !== 'aborted' && v.phase !== 'lobby';
  const waiting = extras.waits.update(
    active ? v.waitingFor.map((p) => ({ id: p.identity, reason: waitReason })) : [],
    extras.now,
  );

  const others = (v.roster.length > 0 ? v.roster : v.candidates).filter((p) => !p.isMe);
  const presence = (extras.presence ?? new PresenceTracker()).update(
    others.map((p) => ({
      id: p.identity,
      inRoom: snapshot.presence.includes(p.identity),
      link: snapshot.links[p.identity],
    })),
    extras.now,
    snapshot.server.state === 'open',
  );

  let failure: FailureInfo | null = null;
  const phase = appPhaseOf(v);
  if (v.failure) {
    const culprits = v.failure.culprits.map((c) => c.identity);
    failure = {
      generation: v.generation,
      round: phaseRound ?? null,
      findings: (culprits.length ? culprits : [null]).map((culprit) => ({
        code: v.failure!.kind === 'roster-equivocation' ? 'roster-equivocation' : FINDING_OF[v.failure!.reason],
        culprit,
        detail: v.failure!.message,
      })),
      culprits,
      evidence: extras.failureRecord
        ? {
            filename: downloadName('failure-record', { label: params?.label ?? '', attempt: v.generation + 1 }),
            mimeType: 'application/json',
            data: extras.failureRecord,
          }
        : null,
      actions: v.isCoordinator ? ['restart-without', 'leave'] : ['leave'],
      at: extras.now,
    };
  } else if (v.phase === 'aborted' && v.abortReason) {
    const culprits = v.abortReason.culprits.map((c) => c.identity);
    // The coordinator restarted without me: the machine's 'excluded' abort names nobody, but
    // the screen must say "the others continue without you", not "something went wrong".
    const excludedMe = v.abortReason.code === 'excluded' && !extras.rejectedCode;
    failure = {
      generation: v.generation,
      round: null,
      findings: [
        excludedMe
          ? { code: 'excluded', culprit: v.me.identity, detail: v.abortReason.message }
          : {
              code: extras.rejectedCode ? 'code-mismatch' : culprits.length ? 'excluded' : 'other',
              culprit: culprits[0] ?? null,
              detail: v.abortReason.message,
            },
      ],
      culprits,
      evidence: null,
      actions: ['leave'],
      at: extras.now,
    };
  }

  return {
    phase,
    me: { id: v.me.identity, name: v.me.name, fingerprint: v.me.fingerprint, isCoordinator: v.isCoordinator },
    room: { roomId: v.room.id, inviteUrl: extras.inviteUrl, generation: v.generation },
    params,
    invitedParams: extras.invitedParams ?? extras.draftParams ?? null,
    candidates,
    roster: v.roster.map((p) => ({ id: p.identity, index: p.id ?? 0, name: p.name, fingerprint: p.fingerprint })),
    verification:
      v.verificationCode || v.phase === 'reveal'
        ? {
            code: v.verificationCode,
            awaiting: v.codeWaitingFor.map((p) => p.identity),
            myAnswer: extras.rejectedCode ? 'differ' : v.codeConfirmed ? 'match' : null,
            confirmed: v.progress ? ids(v.progress.start.have) : [],
          }
        : null,
    progress,
    waiting,
    presence,
    pendingGroupKeyHex: v.groupKey.status === 'pending' ? v.groupKey.hex : null,
    failure,
    success:
      v.groupKey.status === 'confirmed' && v.groupKey.hex && extras.publicKeyPackageJson
        ? {
            groupKeyHex: v.groupKey.hex,
            confirmations: v.progress ? ids(v.progress.confirm.have) : [],
            publicKeyPackage: {
              filename: downloadName('public-key-package', { label: params?.label ?? '' }),
              mimeType: 'application/json',
              data: extras.publicKeyPackageJson,
            },
            certificate: {
              filename: downloadName('certificate', { label: params?.label ?? '' }),
              mimeType: 'application/json',
              data: extras.certificateJson ?? '',
            },
            ...(extras.wallet ? { wallet: extras.wallet } : {}),
            ...(extras.frostClient ? { frostClient: extras.frostClient } : {}),
            publicKeyPackageFrostCore2: {
              filename: 'public-key-package.frost-core-2.json',
              mimeType: 'application/json',
              data: publicKeyPackageToJson(readPublicKeyPackage(extras.publicKeyPackageJson), 2),
            },
            publicKeyPackageFrostCore2Postcard: {
              filename: downloadName('public-key-package-frost-core-2-postcard', { label: params?.label ?? '' }),
              mimeType: 'application/octet-stream',
              data: publicKeyPackageToPostcard(readPublicKeyPackage(extras.publicKeyPackageJson), 2),
            },
          }
        : null,
    history: v.history.map((h) => ({
      generation: h.generation,
      outcome: h.outcome,
      culprits: [...h.blamed, ...h.excluded],
    })),
    funding:
      v.funding && v.groupKey.status === 'confirmed'
        ? {
            kind: v.funding.kind,
            primary: v.funding.primary,
            accepted: [...v.funding.accepted],
            acknowledged: ids(v.funding.acknowledged),
            waiting: (extras.fundingWaits ?? new WaitTracker()).update(
              ids(v.funding.waitingFor).map((id) => ({ id, reason: 'funding' as const })),
              extras.now,
            ),
            refused: v.funding.refused.flatMap((r) =>
              idOf(r.id) ? [{ id: idOf(r.id) as string, problem: r.problem }] : [],
            ),
            mine: v.funding.mine,
            safeToFund: v.funding.safeToFund,
            receipt:
              v.funding.safeToFund && extras.fundingReceiptJson
                ? {
                    filename: downloadName('funding-receipt', { label: params?.label ?? '' }),
                    mimeType: 'application/json',
                    data: extras.fundingReceiptJson,
                  }
                : null,
          }
        : null,
    testSignRequest:
      v.testSign.status !== 'idle' && v.testSign.requestId !== null && v.testSign.requester !== null
        ? {
            requestId: v.testSign.requestId,
            requester: idOf(v.testSign.requester) ?? '',
            text: v.testSign.text,
            signers: ids(v.testSign.signers),
            approval: v.testSign.approval,
            status: v.testSign.status,
            committed: ids(v.testSign.committed),
            signatureHex: v.testSign.signatureHex,
            error: v.testSign.error,
            declinedBy: v.testSign.declinedBy !== null ? (idOf(v.testSign.declinedBy) ?? null) : null,
          }
        : null,
  };
}
