/**
 * Checks that keep the repository's own descriptions true (issue 12): README's dependency table names every
 * package of package.json under its kind and nothing else, and every Playwright spec lies in one of the e2e
 * folders that playwright.config.ts runs as projects (a spec elsewhere would silently run in none).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { E2E_PROJECTS } from '../playwright.config';

type Kind = 'dependencies' | 'optionalDependencies' | 'devDependencies';

/** The packages README's "Why each dependency is there" table names, by the kind its rows give them. */
export function readmeDependencies(readme: string): Record<Kind, string[]> {
  const section = readme.split(/^## Why each dependency is there$/m)[1]?.split(/^## /m)[0];
  if (section === undefined) throw new Error('README has no "Why each dependency is there" section');
  const out: Record<Kind, string[]> = { dependencies: [], optionalDependencies: [], devDependencies: [] };
  for (const line of section.split('\n')) {
    const first = /^\|([^|]*)\|/.exec(line)?.[1]?.trim();
    if (first === undefined || first === 'package' || /^-+$/.test(first)) continue;
    const kind: Kind = first.startsWith('dev:')
      ? 'devDependencies'
      : first.startsWith('optional:')
        ? 'optionalDependencies'
        : 'dependencies';
    out[kind].push(...[...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  }
  return out;
}

describe("README's dependency table", () => {
  it('lists exactly the packages of package.json, each under its kind', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Partial<Record<Kind, Record<string, string>>>;
    const listed = readmeDependencies(readFileSync('README.md', 'utf8'));
    for (const kind of ['dependencies', 'optionalDependencies', 'devDependencies'] as const)
      expect({ kind, packages: [...listed[kind]].sort() }).toEqual({
        kind,
        packages: Object.keys(pkg[kind] ?? {}).sort(),
      });
  });

  it('is read by kind (a package moved between kinds in only one of the two fails)', () => {
    const t = readmeDependencies(
      '## Why each dependency is there\n| package | why |\n|---|---|\n| `a`, `b` | x |\n| optional: `c` | y |\n| dev: `d` | z |\n## Next\n| `e` | no |\n',
    );
    expect(t).toEqual({ dependencies: ['a', 'b'], optionalDependencies: ['c'], devDependencies: ['d'] });
  });
});

describe('e2e layout', () => {
  it('every spec is in a folder that runs as a Playwright project', () => {
    const specs = (readdirSync('e2e', { recursive: true }) as string[]).filter((f) => f.endsWith('.spec.ts'));
    expect(specs.length).toBeGreaterThan(0);
    const outside = specs.filter((f) => !E2E_PROJECTS.some((p) => f.startsWith(`${p}/`)));
    expect(outside).toEqual([]);
  });
});
