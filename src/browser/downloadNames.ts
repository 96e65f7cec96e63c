/**
 * Names of the files a custodian downloads from the browser (issue 15.5): after the key's label
 * and, for a custodian's own piece, the person, so that someone holding pieces of several keys
 * neither overwrites nor confuses them, e.g.
 *   treasury-2026.carol.key-package.json.age
 *   treasury-2026.certificate.json
 * Each part is a slug that every common file system accepts: lowercase ASCII letters, digits
 * and single hyphens (no spaces, dots, slashes, control or bidi characters, nothing that NTFS,
 * FAT, HFS+ or ext4 refuse or that Windows reserves as a device name), and bounded in length.
 * The CLI's `--out` directory keeps its own layout (`key-package-<id>.json` …).
 */

/** Longest slug kept for one part; a whole name stays far below the usual 255-byte limit. */
export const MAX_SLUG_LENGTH = 48;

/** Windows device names, refused as a file's base name on every Windows file system. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * A file-system-safe slug of free text: letters with accents lose them (NFKD), anything that is
 * not an ASCII letter or digit becomes one hyphen, and `fallback` is used when nothing is left.
 */
export function fileSlug(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  if (slug === '') return fallback;
  return WINDOWS_RESERVED.test(slug) ? `${slug}-${fallback}` : slug;
}

/** The kinds of file the success screen offers. */
export type DownloadKind =
  | 'key-package'
  | 'key-package-backup'
  | 'public-key-package'
  | 'certificate'
  | 'failure-record'
  | 'funding-receipt'
  | 'key-package-postcard'
  | 'public-key-package-frost-core-2-postcard';

const SUFFIX: Record<DownloadKind, string> = {
  'key-package': 'key-package.json',
  'key-package-backup': 'key-package.json.age',
  'public-key-package': 'public-key-package.json',
  certificate: 'certificate.json',
  'failure-record': 'failure.json',
  'funding-receipt': 'funding-receipt.json',
  'key-package-postcard': 'key-package.bin',
  'public-key-package-frost-core-2-postcard': 'public-key-package.frost-core-2.bin',
};

/** Kinds that hold one custodian's piece, so carry the person's name. */
const PERSONAL: ReadonlySet<DownloadKind> = new Set(['key-package', 'key-package-backup', 'key-package-postcard']);

/**
 * `label[.person][.attempt-N].suffix`. The person is given for a custodian's own piece only;
 * `attempt` (1-based) only for a failure record, which belongs to one attempt.
 */
export function downloadName(kind: DownloadKind, o: { label: string; person?: string; attempt?: number }): string {
  const parts = [fileSlug(o.label, 'frost-key')];
  if (PERSONAL.has(kind)) parts.push(fileSlug(o.person ?? '', 'custodian'));
  if (kind === 'failure-record' && o.attempt !== undefined) parts.push(`attempt-${o.attempt}`);
  return `${parts.join('.')}.${SUFFIX[kind]}`;
}
