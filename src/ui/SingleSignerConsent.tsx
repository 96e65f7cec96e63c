import { useId } from 'react';

/**
 * The loud warning of a 1-of-n key (t = 1, allowed by a coordinator on the command line): every
 * custodian's key package then holds the whole key. "Codes match" stays disabled until this
 * custodian ticks the box; the protocol itself refuses a confirmation without it (issue 11 §7.1).
 */
export function SingleSignerConsent({
  n,
  accepted,
  onChange,
}: {
  n: number;
  accepted: boolean;
  onChange: (v: boolean) => void;
}) {
  const id = useId();
  return (
    <div
      role="alert"
      className="mt-6 rounded-xl border-2 border-red-600 bg-red-50 p-4 text-left text-red-950"
      data-testid="single-signer-warning"
    >
      <p className="text-lg font-bold">Warning: this is a 1-of-{n} key.</p>
      <p className="mt-1">
        Any one of the {n} custodians, you included, will be able to sign alone: each of you will hold the whole key.
        Nobody has to agree with anyone. Continue only if that is what your group decided.
      </p>
      <label htmlFor={`${id}-ok`} className="mt-3 flex items-start gap-2 font-medium">
        <input
          id={`${id}-ok`}
          type="checkbox"
          className="mt-1 h-4 w-4"
          checked={accepted}
          onChange={(e) => onChange(e.target.checked)}
          data-testid="accept-single-signer"
        />
        <span>I understand that every custodian can sign alone with this key, and I accept it.</span>
      </label>
    </div>
  );
}
