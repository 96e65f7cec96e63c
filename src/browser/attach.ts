/**
 * Connects one running ceremony to the UI store: every change of the shell's snapshot is
 * mapped with toUiState and merged into the store; a one-second tick keeps "waiting for …"
 * fresh. Returns a detach function.
 */
import {
  type Ceremony,
  outputsOf,
  walletOutputsOfState,
  frostClientStatusOfState,
  type FrostClientStatus,
} from '../ceremony/index';
import {
  certificateOf,
  type WalletOutputs,
  phaseOf,
  type CeremonyView,
  fundingReceiptOf,
  signingRoomView,
} from '../protocol/index';
import { applySnapshot, type UiStore } from '../store/index';
import { PresenceTracker } from './presence';
import { toUiState, WaitTracker, type PeerHoldings, type UiExtras } from './toUiState';

export interface AttachOptions {
  inviteUrl: string;
  draftParams: UiExtras['draftParams'];
  invitedParams?: UiExtras['invitedParams'];
  rejectedCode: () => boolean;
  peerHoldings?: () => PeerHoldings;
  certificateJson?: () => string | null;
  now?: () => number;
}

/** The peers' status gossip (ids per round) as the store's identity → round → sender identities. */
export function peerHoldingsOf(view: CeremonyView): PeerHoldings {
  const identityOf = (ids: readonly number[]): string[] =>
    ids.flatMap((i) => (view.roster[i - 1] ? [view.roster[i - 1]!.identity] : []));
  const out: PeerHoldings = {};
  for (const [peer, held] of Object.entries(view.peerProgress)) {
    out[peer] = {
      round1: identityOf(held.round1),
      echo: identityOf(held.echo),
      round2: identityOf(held.round2),
      confirm: identityOf(held.confirm),
    };
  }
  return out;
}

export function attachCeremony(store: UiStore, ceremony: Ceremony, opts: AttachOptions): () => void {
  const waits = new WaitTracker();
  const fundingWaits = new WaitTracker();
  let receiptJson: string | null = null;
  const presence = new PresenceTracker();
  const now = opts.now ?? (() => Date.now());
  let pkpJson: string | null = null;
  let certJson: string | null = null;
  let wallet: WalletOutputs[] | null = null;
  let frostClient: FrostClientStatus | null = null;

  const push = (): void => {
    const state = ceremony.state();
    if (pkpJson === null && phaseOf(state) === 'success') pkpJson = outputsOf(state).publicKeyPackageJson;
    // Without this the Success screen's "Download certificate" handed out an empty file.
    if (certJson === null && phaseOf(state) === 'success') certJson = certificateOf(state);
    if (wallet === null && phaseOf(state) === 'success') wallet = walletOutputsOfState(state, certJson);
    if (frostClient === null && phaseOf(state) === 'success') frostClient = frostClientStatusOfState(state);
    const snap = ceremony.snapshot();
    // Built once, when the last acknowledgement verified (it never changes after that).
    if (receiptJson === null && snap.view.funding?.safeToFund) receiptJson = fundingReceiptOf(state);
    applySnapshot(store, {
      ...toUiState(snap, {
        inviteUrl: opts.inviteUrl,
        draftParams: opts.draftParams,
        invitedParams: opts.invitedParams ?? null,
        rejectedCode: opts.rejectedCode(),
        peerHoldings: opts.peerHoldings?.() ?? peerHoldingsOf(snap.view),
        failureRecord: state.session?.failure?.record ?? null,
        publicKeyPackageJson: pkpJson,
        certificateJson: opts.certificateJson?.() ?? certJson,
        wallet,
        frostClient,
        now: now(),
        waits,
        fundingWaits,
        fundingReceiptJson: receiptJson,
        presence,
      }),
      // A signing room's request, answers and outcome as this member parsed them (issue 17).
      signing: signingRoomView(state),
      signingKeyHeld: state.signingKey !== undefined,
    });
  };
  const unsubscribe = ceremony.subscribe(() => push());
  push();
  return unsubscribe;
}
