/**
 * Display names and labels as people read them. A name is only a hint (the fingerprint is the
 * identity), but custodians compare names first, so two names that look alike must never
 * stand for two different people in one roster:
 * - one spelling per appearance: NFKC (UAX #15: full-width, ligatures, compatibility spaces
 *   such as NO-BREAK SPACE) and white space collapsed to single ASCII spaces, trimmed;
 * - look-alikes: the confusable skeleton of Unicode TR39 §4 (data: Unicode confusables.txt
 *   via `unhomoglyph`), case-folded, so "Alice", Cyrillic "Аlice" and "alice" share a skeleton.
 * Pure (no I/O); used by the protocol's validation and by the UI and CLI.
 */
import unhomoglyph from 'unhomoglyph';

/**
 * Characters a display name or label may not contain: control and format characters (incl.
 * bidi overrides and isolates such as U+202E, which make a label read differently from what
 * it is), lone surrogates and line/paragraph separators.
 */
export const FORBIDDEN_TEXT_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** The one accepted spelling of a name or label: NFKC, single spaces, no leading/trailing space. */
export function normaliseText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\p{Zs}]+/gu, ' ')
    .trim();
}

/** True when `text` is already in its normal form. */
export function isNormalisedText(text: string): boolean {
  return normaliseText(text) === text;
}

/**
 * The confusable skeleton (TR39 §4: NFD, map each confusable to its prototype, NFD), applied
 * again after lower-casing so that case does not separate look-alikes either. Not for display.
 */
export function nameSkeleton(name: string): string {
  const once = unhomoglyph(normaliseText(name).normalize('NFD'));
  return unhomoglyph(once.toLowerCase()).normalize('NFD');
}

/** Two people whose names cannot be told apart by reading them. */
export interface NameClash {
  /** Identity keys (hex) of the two people. */
  a: string;
  b: string;
  /** 'duplicate': the same name; 'look-alike': different characters that look the same. */
  kind: 'duplicate' | 'look-alike';
}

/** Every pair of people in `people` whose names share a skeleton, in list order. */
export function nameClashes(people: readonly { identity: string; name: string }[]): NameClash[] {
  const out: NameClash[] = [];
  const seen = new Map<string, { identity: string; name: string }[]>();
  for (const p of people) {
    const key = nameSkeleton(p.name);
    const earlier = seen.get(key) ?? [];
    for (const q of earlier)
      out.push({
        a: q.identity,
        b: p.identity,
        kind: normaliseText(q.name) === normaliseText(p.name) ? 'duplicate' : 'look-alike',
      });
    earlier.push(p);
    seen.set(key, earlier);
  }
  return out;
}

/** For each identity, the identities whose names clash with its name (for a warning badge). */
export function clashingWith(people: readonly { identity: string; name: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of nameClashes(people)) {
    (out[c.a] ??= []).push(c.b);
    (out[c.b] ??= []).push(c.a);
  }
  return out;
}
