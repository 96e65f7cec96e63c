import { useId, useState } from 'react';
import { namesById, selectBackup, selectBusy, selectFunding, type FundingInfo } from '../store/index';
import { useController, useUi } from './context';
import { triggerDownload } from './download';
import { ui } from './styles';
import { formatWaited } from './text/duration';
import { useAction } from './useAction';
import { useNow } from './useNow';

const WHAT: Record<FundingInfo['kind'], { noun: string; title: string }> = {
  'taproot-address': { noun: 'address', title: 'Bitcoin address (Taproot)' },
  'solana-address': { noun: 'address', title: 'Solana address' },
  fingerprint: { noun: 'key fingerprint', title: 'Key fingerprint' },
};

/** Label of each accepted Taproot spelling, by its human-readable part. */
function networkLabel(address: string): string {
  if (address.startsWith('bcrt1')) return 'Regtest';
  if (address.startsWith('tb1')) return 'Testnet / Signet';
  if (address.startsWith('bc1')) return 'Bitcoin (mainnet)';
  return address;
}

/** An address split into groups of four, easier to read aloud and compare. */
function grouped(text: string): string {
  return text.match(/.{1,4}/g)?.join(' ') ?? text;
}

/**
 * The line every screen shows after success (issue 14): "Safe to fund" only when every custodian
 * proved their backup and checked the address; until then, how many have.
 */
export function FundingStatusLine() {
  const f = useUi(selectFunding);
  const n = useUi((s) => s.roster.length);
  if (!f) return null;
  if (f.safeToFund)
    return (
      <p
        className="rounded-xl border-2 border-emerald-600 bg-emerald-50 p-4 font-semibold text-emerald-950"
        data-testid="funding-status"
        data-safe="true"
      >
        <span aria-hidden="true">✓ </span>Safe to fund: all {n} custodians have a working backup and checked the
        address.
      </p>
    );
  return (
    <p
      className="rounded-xl border border-amber-400 bg-amber-50 p-4 text-amber-950"
      data-testid="funding-status"
      data-safe="false"
    >
      <span className="font-semibold">Do not send funds yet.</span> {f.acknowledged.length} of {n} custodians have
      proven their backup and checked the {WHAT[f.kind].noun}. It is safe to fund only when all {n} have.
    </p>
  );
}

/**
 * "Safe to fund" step: prove the backup (the panel above), then compare the address read aloud
 * with the one on this screen and acknowledge; everyone's app shows who has and who has not.
 */
export function FundingPanel() {
  const id = useId();
  const f = useUi(selectFunding);
  const backup = useUi(selectBackup);
  const busy = useUi(selectBusy);
  const roster = useUi((s) => s.roster);
  const meId = useUi((s) => s.me?.id ?? null);
  const controller = useController();
  const run = useAction();
  const now = useNow();
  const [checked, setChecked] = useState(false);
  const [choice, setChoice] = useState<string | null>(null);
  if (!f) return null;
  const names = namesById({ roster, candidates: [] });
  const what = WHAT[f.kind];
  const shown = choice !== null && f.accepted.includes(choice) ? choice : f.primary;
  const proven = backup.status === 'verified';
  const acknowledge = () => void run('acknowledge-funding', () => controller.acknowledgeFunding(shown));
  const waitingById = new Map(f.waiting.map((w) => [w.id, w]));
  const refusedById = new Map(f.refused.map((r) => [r.id, r]));

  return (
    <section
      className={`${ui.card} space-y-4`}
      aria-labelledby={`${id}-h`}
      data-testid="funding-panel"
      data-safe={f.safeToFund ? 'true' : 'false'}
    >
      <div className="space-y-1">
        <h2 id={`${id}-h`} className={ui.h2}>
          3. Before anyone sends funds: check the {what.noun} together
        </h2>
        <p className="text-sm text-slate-700">
          Money sent to this key is safe only if every custodian can restore their piece and everyone agrees where the
          money goes. So each of you proves your backup opens (step 2) and checks that the {what.noun} below is exactly
          the one everybody reads aloud. Your app then tells the others, signed with your identity key.
        </p>
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-900">{what.title}</h3>
        {f.accepted.length > 1 && !f.mine && (
          <label className="block text-sm font-medium text-slate-900">
            Network you will fund on
            <select
              className={ui.input}
              value={shown}
              onChange={(e) => setChoice(e.target.value)}
              data-testid="funding-network"
            >
              {f.accepted.map((a) => (
                <option key={a} value={a}>
                  {networkLabel(a)}
                </option>
              ))}
            </select>
          </label>
        )}
        <p
          className="rounded-lg bg-slate-100 p-3 font-mono text-base break-all text-slate-900"
          data-testid="funding-check-value"
          data-value={shown}
        >
          {grouped(shown)}
        </p>
      </div>

      {f.mine ? (
        <p className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-950" data-testid="funding-mine">
          <span aria-hidden="true">✓ </span>You acknowledged: your backup opens and you checked the {what.noun}.
        </p>
      ) : (
        <div className="space-y-3">
          {!proven && (
            <p className="text-sm font-medium text-amber-900" data-testid="funding-needs-backup">
              First save your backup and prove it opens (steps 1 and 2 above).
            </p>
          )}
          <label className="flex items-start gap-2 text-sm text-slate-900">
            <input
              type="checkbox"
              className="mt-1 h-4 w-4"
              checked={checked}
              onChange={(e) => setChecked(e.target.checked)}
              disabled={!proven}
              data-testid="funding-checked"
            />
            <span>
              Everybody read this {what.noun} aloud, and what I heard is exactly what I see here, character by
              character.
            </span>
          </label>
          <button
            type="button"
            className={ui.btnPrimary}
            disabled={!proven || !checked || busy === 'acknowledge-funding'}
            onClick={acknowledge}
            data-testid="funding-acknowledge"
          >
            {busy === 'acknowledge-funding' ? 'Signing…' : `I checked the ${what.noun}: tell the others`}
          </button>
        </div>
      )}

      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-900">
          Custodians ({f.acknowledged.length} of {roster.length} done)
        </h3>
        <ul className="space-y-1.5" data-testid="funding-list">
          {roster.map((r) => {
            const who = r.id === meId ? `${r.name} (you)` : (names[r.id] ?? r.name);
            const refused = refusedById.get(r.id);
            const wait = waitingById.get(r.id);
            const done = f.acknowledged.includes(r.id);
            return (
              <li
                key={r.id}
                className={`rounded-lg px-3 py-2 text-sm ${done ? 'bg-emerald-50 text-emerald-950' : refused ? 'border border-red-300 bg-red-50 text-red-950' : 'bg-amber-50 text-amber-950'}`}
                data-testid="funding-item"
                data-id={r.id}
                data-name={r.name}
                data-state={done ? 'done' : refused ? 'refused' : 'waiting'}
              >
                {done ? (
                  <>
                    <span aria-hidden="true">✓ </span>
                    <strong>{who}</strong>: backup proven, {what.noun} checked
                  </>
                ) : refused ? (
                  <>
                    <strong>{who}</strong>: their acknowledgement does not count: {refused.problem}. Do not fund until
                    this is resolved.
                  </>
                ) : (
                  <>
                    {r.id === meId ? (
                      <>
                        Waiting for <strong>you</strong> to prove your backup opens and check the {what.noun}
                      </>
                    ) : (
                      <>
                        Waiting for <strong>{who}</strong> to prove their backup opens and check the {what.noun}
                      </>
                    )}
                    {wait && <span className="whitespace-nowrap"> ({formatWaited(now - wait.since)})</span>}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </div>

      {f.safeToFund && f.receipt && (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-700">
            <strong className="text-slate-900">Funding receipt</strong>: everyone’s signed acknowledgement; check it
            offline with{' '}
            <code className="font-mono text-xs">frost-ceremony verify CERTIFICATE --funding-receipt FILE</code>.
          </p>
          <button
            type="button"
            className={ui.btnSecondary}
            onClick={() => triggerDownload(f.receipt!)}
            data-testid="download-funding-receipt"
          >
            Download funding receipt
          </button>
        </div>
      )}
    </section>
  );
}
