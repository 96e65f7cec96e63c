import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` installs exactly what package-lock.json names and checks each tarball against its
 * `integrity` hash. These checks keep that guarantee intact: a dependency without a strong hash,
 * or one fetched from git, a URL or a local path, would bypass it (SECURITY.md §11).
 */
interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  link?: boolean;
  /** Shipped inside its parent's tarball, so covered by the parent's hash. */
  inBundle?: boolean;
  dev?: boolean;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}
interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const root = new URL('../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as Lockfile;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as PackageJson;
const installed = Object.entries(lock.packages).filter(([path]) => path !== '');

describe('package-lock.json', () => {
  it('uses lockfile format 3 (integrity for every package)', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('pins every installed package with a sha512 integrity hash', () => {
    const weak = installed
      .filter(([, e]) => !e.link && !e.inBundle && !/^sha512-[A-Za-z0-9+/]{86}==$/.test(e.integrity ?? ''))
      .map(([path]) => path);
    expect(weak, 'packages without a sha512 integrity hash').toEqual([]);
  });

  it('fetches nothing from git, plain URLs or local paths', () => {
    const odd = installed
      .filter(([, e]) => e.resolved !== undefined && !e.resolved.startsWith('https://registry.npmjs.org/'))
      .map(([path, e]) => `${path} ← ${e.resolved}`);
    expect(odd, 'packages resolved outside the npm registry').toEqual([]);
    const specs = { ...pkg.dependencies, ...pkg.devDependencies };
    const nonRegistry = Object.entries(specs)
      .filter(([, spec]) => !/^[\^~]?\d+\.\d+\.\d+/.test(spec))
      .map(([name, spec]) => `${name}@${spec}`);
    expect(nonRegistry, 'package.json specs that are not registry semver ranges').toEqual([]);
  });

  it('has an entry for every direct dependency, runtime ones not marked dev', () => {
    for (const name of Object.keys(pkg.dependencies)) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry, `${name} missing from package-lock.json`).toBeDefined();
      expect(entry?.dev, `${name} is a runtime dependency but locked as dev`).not.toBe(true);
    }
    for (const name of Object.keys(pkg.devDependencies)) {
      expect(lock.packages[`node_modules/${name}`], `${name} missing from package-lock.json`).toBeDefined();
    }
  });
});
