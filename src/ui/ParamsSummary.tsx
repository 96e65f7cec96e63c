import type { CeremonyParams } from '../store/types';
import { suiteLabel } from './text/suites';

/** "Treasury 2026 · Ed25519 (Solana, Zcash, Tor) · 2 of 3 must sign". */
export function ParamsSummary(props: { params: CeremonyParams }) {
  const p = props.params;
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="params-summary">
      <div>
        <dt className="inline text-slate-600">Key: </dt>
        <dd className="inline font-medium text-slate-900">{p.label}</dd>
      </div>
      <div>
        <dt className="inline text-slate-600">Type: </dt>
        <dd className="inline font-medium text-slate-900">{suiteLabel(p.suite)}</dd>
      </div>
      <div>
        <dt className="inline text-slate-600">Signers: </dt>
        <dd className="inline font-medium text-slate-900">
          {p.t} of {p.n} must sign
        </dd>
      </div>
    </dl>
  );
}
