import type { CeremonyParams } from '../store/index';
import { suiteLabel } from './text/suites';

/**
 * "Key: Treasury 2026 · Type: Ed25519 (Solana, Zcash, Tor) · Signers: 2 of 3 must sign · Attempt 2".
 * Shown to everyone, joiners included, from the invite on (issue 15.1); `attempt` is 1-based.
 */
export function ParamsSummary(props: { params: CeremonyParams; attempt?: number; testId?: string }) {
  const p = props.params;
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid={props.testId ?? 'params-summary'}>
      <div>
        <dt className="inline text-slate-600">Key: </dt>
        <dd className="inline font-medium break-all text-slate-900" data-testid="params-label">
          {p.label}
        </dd>
      </div>
      <div>
        <dt className="inline text-slate-600">Type: </dt>
        <dd className="inline font-medium text-slate-900" data-testid="params-type">
          {suiteLabel(p.suite)}
        </dd>
      </div>
      <div>
        <dt className="inline text-slate-600">Signers: </dt>
        <dd className="inline font-medium text-slate-900" data-testid="params-threshold">
          {p.t} of {p.n} must sign
        </dd>
      </div>
      {props.attempt !== undefined && (
        <div>
          <dt className="inline text-slate-600">Attempt: </dt>
          <dd className="inline font-medium text-slate-900" data-testid="params-attempt">
            {props.attempt}
          </dd>
        </div>
      )}
    </dl>
  );
}
