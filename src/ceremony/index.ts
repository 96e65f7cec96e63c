/**
 * The ceremony shell shared by the browser and the CLI: transport events in, protocol effects out,
 * persist-then-send; invites, backups, outputs, and the state stores. Other parts import only this entry.
 */
export {
  BACKUP_FORMAT,
  BackupError,
  backupFileName,
  checkMasterKey,
  decryptKeyPackageBackup,
  encryptKeyPackageBackup,
  generateBackupIdentity,
  parseIdentityFile,
  verifyBackupOpens,
  type BackupErrorCode,
  type OpenedBackup,
  type BackupSecret,
  type BackupTarget,
} from './backup';
export { createCeremony, type Ceremony, type CeremonyListener, type CeremonySnapshot } from './ceremony';
export { frostClientCredentialsOfState, frostClientStatusOfState, type FrostClientStatus } from './frostClientOutput';
export { InviteError, formatInvite, newRoom, parseInvite, type Invite } from './invite';
export { createMemoryNetwork } from './memoryNetwork';
export { outputsOf } from './outputs';
export { createEncryptedStateStore, type KeyValue } from './persistence/encryptedStateStore';
export { createMemoryStateStore, type StateStore } from './persistence/stateStore';
export { walletOutputsOfState } from './walletOutputs';
