import { useEffect, useMemo, useRef } from 'react';
import { selectBestRanked, toggleSelection, namesById, selectCanLock, selectRankedCandidates } from '../store/index';
import { CandidateList } from './CandidateList';
import { useController, useStoreApi, useUi } from './context';
import { HistoryList } from './HistoryList';
import { InviteShare } from './InviteShare';
import { ParamsSummary } from './ParamsSummary';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { useAction } from './useAction';

/** Lobby: invite, watch people arrive, and (coordinator) pick the participants and lock. */
export function LobbyScreen() {
  const store = useStoreApi();
  const controller = useController();
  const run = useAction();
  const s = useUi((st) => ({
    phase: st.phase,
    me: st.me,
    room: st.room,
    params: st.params,
    selection: st.selection,
    history: st.history,
    busy: st.busy,
    candidates: st.candidates,
    roster: st.roster,
    rehearsal: st.rehearsal !== null,
    canLock: selectCanLock(st),
  }));
  const ranked = useMemo(() => selectRankedCandidates({ candidates: s.candidates, me: s.me }), [s.candidates, s.me]);
  const namer = { names: namesById(s), meId: s.me?.id ?? null };
  const coordinator = s.me?.isCoordinator === true;
  // The coordinator almost always takes part: tick them once, when they first show up.
  const preselected = useRef(false);
  const meHere = coordinator && s.me !== null && s.candidates.some((c) => c.id === s.me!.id);
  useEffect(() => {
    if (preselected.current || !meHere || !s.me) return;
    preselected.current = true;
    if (store.getState().selection.length === 0) toggleSelection(store, s.me.id);
  }, [meHere, s.me, store]);
  const n = s.params?.n ?? 0;
  const picked = s.selection.length;
  const coordName = s.candidates.find((c) => c.isCoordinator)?.name ?? 'The coordinator';

  if (s.phase === 'connecting')
    return (
      <div className="space-y-4">
        <ScreenTitle>Connecting to the room</ScreenTitle>
        <p className="text-slate-700" data-testid="connecting">
          Reaching the meeting point and the other custodians. This usually takes a second or two; if it stays here,
          check your internet connection or ask the coordinator for a fresh invite link.
        </p>
        <button type="button" className={ui.btnSecondary} onClick={() => void run('leave', () => controller.leave())}>
          Cancel
        </button>
      </div>
    );

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <ScreenTitle>{coordinator ? 'Gather the custodians' : 'Waiting for the coordinator'}</ScreenTitle>
        {s.params && <ParamsSummary params={s.params} attempt={(s.room?.generation ?? 0) + 1} />}
      </div>
      {!coordinator && (
        <p
          className="rounded-xl border border-indigo-200 bg-indigo-50 p-4 text-indigo-950"
          data-testid="waiting-for-coordinator"
        >
          {coordName} will choose who takes part and lock the list. Keep this tab open; the next step starts by itself.
        </p>
      )}
      {coordinator && s.room && !s.rehearsal && <InviteShare url={s.room.inviteUrl} />}
      {s.rehearsal && (
        <p
          className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950"
          data-testid="rehearsal-lobby-note"
        >
          In a real ceremony you would share an invite link here. In this rehearsal the simulated people are already in
          the room: tick them and lock the list.
        </p>
      )}
      {s.me && (
        <p className="text-sm text-slate-700">
          You appear to the others as <strong className="text-slate-900">{s.me.name}</strong> with fingerprint{' '}
          <span className="font-mono text-slate-900" data-testid="my-fingerprint">
            {s.me.fingerprint}
          </span>
          . Read it to them if anyone wants to be sure it is you.
        </p>
      )}
      <section className={`${ui.card} space-y-4`} aria-labelledby="people-h">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="people-h" className={ui.h2}>
            In the room ({s.candidates.length})
          </h2>
          {coordinator && (
            <p
              className={`text-sm font-medium ${picked === n ? 'text-emerald-800' : 'text-slate-700'}`}
              data-testid="selection-count"
              aria-live="polite"
            >
              {picked} of {n} chosen
            </p>
          )}
        </div>
        {coordinator && (
          <p className={ui.hint}>
            Tick the {n} people who take part. They are sorted by their record in earlier attempts; people found at
            fault recently cannot be picked.
          </p>
        )}
        <CandidateList
          candidates={ranked}
          meId={s.me?.id ?? null}
          selectable={coordinator}
          selection={s.selection}
          full={picked >= n}
        />
        {coordinator && (
          <div className="flex flex-wrap items-center gap-3 pt-1">
            <button
              type="button"
              className={ui.btnPrimary}
              disabled={!s.canLock}
              onClick={() =>
                void run('lock', () =>
                  controller.lockRoster(ranked.filter((c) => s.selection.includes(c.id)).map((c) => c.id)),
                )
              }
              data-testid="lock-roster"
            >
              {s.busy === 'lock' ? 'Locking…' : 'Lock the list and continue'}
            </button>
            <button type="button" className={ui.btnSecondary} onClick={() => selectBestRanked(store)}>
              Pick the best-ranked {n}
            </button>
            <p className={`w-full ${ui.small}`}>
              {picked === n
                ? 'After locking, nobody else can join this attempt; everyone then compares a code.'
                : `Choose ${n - picked > 0 ? `${n - picked} more` : `${picked - n} fewer`} to continue.`}
            </p>
          </div>
        )}
      </section>
      <HistoryList history={s.history} namer={namer} />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 text-sm text-slate-700">
        <p>Changed your mind? Leaving now costs nobody anything: no key exists yet.</p>
        <button
          type="button"
          className={ui.btnSecondary}
          disabled={s.busy === 'leave'}
          onClick={() => void run('leave', () => controller.leave())}
        >
          Leave this room
        </button>
      </div>
    </div>
  );
}
