import type { NameClashInfo } from '../store/index';

/**
 * Under a lobby name: "looks like …" when another person's name reads the same (the same name,
 * other case, or look-alike letters such as Cyrillic А for Latin A; store/nameClashes.ts). Names
 * are only what people typed; the fingerprints tell them apart. The lock refuses such a roster.
 */
export function NameClashWarning({ others }: { others: NameClashInfo[] }) {
  if (others.length === 0) return null;
  return (
    <p className="mt-0.5 text-sm font-medium text-red-800" data-testid="name-clash">
      <span aria-hidden="true">⚠ </span>
      {others.map((o, i) => (
        <span key={o.fingerprint}>
          {i > 0 && '; '}
          {o.kind === 'duplicate' ? 'Same name as' : 'Looks like'} “{o.name}” (fingerprint{' '}
          <span className="font-mono">{o.fingerprint}</span>)
        </span>
      ))}
      . Check fingerprints; only one of them can take part under this name.
    </p>
  );
}
