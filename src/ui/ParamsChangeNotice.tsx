import type { CeremonyParams } from '../store/index';
import { paramsChangeText } from './text/params';

/**
 * When the locked parameters differ from what the invite announced (a restart that shrank the
 * group, or a coordinator who changed them), every custodian is told in plain words, next to
 * the code that covers them, what the key will now be (issues 15.1, 15.2).
 */
export function ParamsChangeNotice(props: { locked: CeremonyParams | null; invited: CeremonyParams | null }) {
  const text = props.locked && props.invited ? paramsChangeText(props.invited, props.locked) : null;
  if (!text) return null;
  return (
    <p
      className="rounded-xl border border-amber-400 bg-amber-50 p-3 text-left text-amber-950"
      data-testid="params-changed"
    >
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}
