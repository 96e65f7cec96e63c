/**
 * Optional dependencies (package.json `optionalDependencies`): `@roamhq/wrtc` (native WebRTC for the
 * headless participant) and `redis` (`serve --redis`). The app, the server and every other command run
 * without them; the feature that needs one loads it when used, through {@link importOptional}, and a
 * missing package becomes an error that says which package to install for what (issue 12).
 */

/**
 * The package `packageName`, which `feature` needs, is not installed. The message says what to install; the CLI
 * prints it as is. (Here in the server, which imports nothing of the CLI: both `serve --redis` and the CLI's
 * headless participant use it.)
 */
export class MissingOptionalDependencyError extends Error {
  override readonly name = 'MissingOptionalDependencyError';
  constructor(
    readonly packageName: string,
    feature: string,
    alternative: string | undefined,
    cause: unknown,
  ) {
    super(
      `${feature} needs the package ${packageName}, which is not installed (it is an optional dependency). ` +
        `Install it with: npm install ${packageName}${alternative === undefined ? '' : ` — or ${alternative}`}`,
      { cause },
    );
  }
}

/**
 * Runs `load` (an `import()` of `packageName`, or of a module of ours that imports it) and turns the module
 * resolver's "not found" for that package into a {@link MissingOptionalDependencyError}. Any other failure
 * (a package that is there but broken, an error of our own) passes through unchanged.
 */
export async function importOptional<T>(
  packageName: string,
  feature: string,
  alternative: string | undefined,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isPackageNotFound(e, packageName))
      throw new MissingOptionalDependencyError(packageName, feature, alternative, e);
    throw e;
  }
}

/** Node's ESM (`ERR_MODULE_NOT_FOUND`) and CommonJS (`MODULE_NOT_FOUND`) resolvers, naming this package. */
function isPackageNotFound(e: unknown, packageName: string): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && e.message.includes(`'${packageName}'`);
}
