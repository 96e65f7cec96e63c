import type { CeremonyController } from '../../store/index';

/**
 * A controller with no engine behind it (for render tests and builds without a shell):
 * every call fails with a clear message instead of pretending to work.
 */
export function createUnwiredController(): CeremonyController {
  const no = () => Promise.reject(new Error('This build has no ceremony engine connected yet.'));
  return {
    createCeremony: no,
    joinInvite: no,
    createSigning: no,
    approveSigning: no,
    lockRoster: no,
    confirmCode: no,
    restartWithout: no,
    leave: no,
    forget: no,
    exportKeyPackage: no,
    exportFrostClientCredentials: no,
    makeBackup: no,
    verifyBackup: no,
    acknowledgeFunding: no,
    testSign: no,
    approveTestSign: no,
    startRehearsal: no,
    hasSavedMasterKey: () => Promise.resolve(false),
    recoverKeyPackage: no,
  };
}
