/** Key package recovery from a success certificate v2 and a master secret (spec "Share Recovery"). */
export { RECOVERY_ERROR_CODES, RecoveryError, type RecoveryCulprit, type RecoveryErrorCode } from './errors.js';
export { recoverFromCertificate, type RecoveredKey, type RecoveryInput } from './recoverFromCertificate.js';
