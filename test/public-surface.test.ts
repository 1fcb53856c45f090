/**
 * Each entry point's export list, pinned: adding or removing a public name is a decision made in
 * this file (and in docs/decisions/0005-public-surface.md), never a side effect. Names are read by
 * the TypeScript compiler from the entry points' sources, values and types alike.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENTRY_POINTS, readSurface } from './public-surface.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** The names of otpkit 0.1.0 (seven entry points, counted the same way): the "241 names". */
const BASELINE_TOTAL = 241;

const EXPECTED: Record<string, string[]> = {
  otpkit: [
    'BuildKeyURIOptions',
    'CodeEncoder',
    'CodeOptions',
    'CommonVerifierOptions',
    'Counter',
    'GenerateTOTPOptions',
    'HOTPKeyURI',
    'HOTPVerifier',
    'HOTPVerifierOptions',
    'HOTPVerifyOutcome',
    'HmacAlgorithm',
    'InvalidKeyURIError',
    'InvalidSecretError',
    'InvalidSecretReason',
    'KeyAssessment',
    'KeyURI',
    'KeyURIFields',
    'KeyURIType',
    'KeyURIWarning',
    'KeyURIWarningCode',
    'MAX_KEY_URI_LENGTH',
    'MAX_SECRET_CHARS',
    'MAX_TOKEN_CHARS',
    'MemoryReplayStore',
    'MemoryReplayStoreOptions',
    'MemoryThrottleStore',
    'MemoryThrottleStoreOptions',
    'MemoryVerificationStore',
    'MemoryVerificationStoreOptions',
    'OtpkitError',
    'OtpkitErrorCode',
    'ParseKeyURIOptions',
    'PreparedKey',
    'ProfileDescription',
    'ReplayRecord',
    'ReplayStore',
    'ResyncInput',
    'SettleOutcome',
    'StoreUnavailableError',
    'TOTPKeyURI',
    'TOTPVerifier',
    'TOTPVerifierOptions',
    'TOTPWindow',
    'Throttle',
    'ThrottleAttempt',
    'ThrottleOutcome',
    'ThrottlePolicy',
    'ThrottleState',
    'ThrottleStatus',
    'ThrottleStore',
    'TimeInput',
    'TimeStepOptions',
    'VerificationAnswer',
    'VerificationKind',
    'VerificationProfile',
    'VerificationProfileName',
    'VerificationRequest',
    'VerificationState',
    'VerificationStore',
    'VerifierSettings',
    'VerifyFailure',
    'VerifyFailureReason',
    'VerifyHOTPOptions',
    'VerifyHOTPResult',
    'VerifyInput',
    'VerifyOutcome',
    'VerifyTOTPOptions',
    'VerifyTOTPResult',
    'assessKey',
    'buildKeyURI',
    'canonicalKeyURI',
    'createHOTPVerifier',
    'createTOTPVerifier',
    'decodeMigrationURI',
    'decodeSecret',
    'describeProfile',
    'encodeSecret',
    'formatSecret',
    'generateHOTP',
    'generateKey',
    'generateTOTP',
    'generateTOTPFromSecret',
    'parseAlgorithmName',
    'parseKeyURI',
    'prepareKey',
    'throttleDelaySeconds',
    'timeStep',
    'verifyHOTP',
    'verifyTOTP',
    'verifyTOTPFromSecret',
  ],
  'otpkit/errors': [
    'EnrollmentTransitionError',
    'InvalidKeyURIError',
    'InvalidPermissionModelError',
    'InvalidSecretError',
    'InvalidSnapshotError',
    'OtpkitError',
    'OtpkitErrorCode',
    'OtpkitErrors',
    'StoreUnavailableError',
    'isOtpkitError',
  ],
  'otpkit/enrollment': [
    'AUDIT_EVENT_TYPES',
    'AuditBase',
    'Cancelled',
    'CredentialRecordError',
    'CredentialRecordField',
    'CredentialStore',
    'EnrollmentAuditEvent',
    'EnrollmentCommit',
    'EnrollmentComplete',
    'EnrollmentFailure',
    'EnrollmentFailureReason',
    'EnrollmentOutcome',
    'EnrollmentService',
    'EnrollmentServiceOptions',
    'EnrollmentSnapshot',
    'EnrollmentStatus',
    'EnrollmentStatusView',
    'EnrollmentTransitionError',
    'InvalidSnapshotError',
    'IssuedRecoveryCodes',
    'IssuedSecret',
    'KeyBinding',
    'KeyChange',
    'KeyVault',
    'KeyVaultError',
    'KeyVaultErrorReason',
    'KeyVaultOptions',
    'LoginVerified',
    'MemoryCredentialStore',
    'MemoryCredentialStoreOptions',
    'PasswordRequired',
    'PendingKeyRef',
    'RandomSource',
    'RecoveryCodeAccepted',
    'RecoveryCodeSet',
    'RecoveryCodesRegenerated',
    'ResealOptions',
    'ResealReport',
    'SealedRow',
    'SecretIssued',
    'StoredEnrollment',
    'StoredKey',
    'StoredSnapshotError',
    'TOTPVerifierPort',
    'ThrottlePort',
    'TwoFactorDisabled',
    'TwoFactorPermissionPort',
    'TwoFactorReset',
    'UI_TEXT',
    'Unlocked',
    'VerifierOutcome',
    'WrappingKey',
    'createEnrollmentService',
    'createKeyVault',
    'parseSnapshot',
    'findRecoveryCode',
    'resealAll',
  ],
  'otpkit/permissions': [
    'CellValue',
    'DEFAULT_PORTAL_TREE',
    'DecisionSource',
    'EffectiveGrid',
    'ExplainStep',
    'GridCell',
    'GridDisplay',
    'GridRow',
    'InvalidPermissionModelError',
    'PermissionCells',
    'PermissionContact',
    'PermissionContactInfo',
    'PermissionDecision',
    'PermissionErrorReason',
    'PermissionExplanation',
    'PermissionFindingCode',
    'PermissionModel',
    'PermissionModelFinding',
    'PermissionResolver',
    'PermissionResolverOptions',
    'PermissionResource',
    'PermissionResourceInfo',
    'PermissionTarget',
    'PermissionTree',
    'TwoFactorPolicy',
    'TwoFactorPolicyAnswer',
    'TwoFactorPolicyOptions',
    'TwoFactorPolicyRule',
    'addResource',
    'createPermissionResolver',
    'exportFlatGrants',
    'parsePermissionModel',
    'removeResource',
    'serializePermissionModel',
    'setCell',
    'setContactRoles',
    'setRoleCell',
    'twoFactorPolicy',
    'validate',
  ],
  'otpkit/qr': [
    'ErrorCorrectionLevel',
    'QRImageOptions',
    'QROptions',
    'QRTerminalOptions',
    'QR_BYTE_CAPACITY',
    'renderPNG',
    'renderPNGDataURL',
    'renderSVG',
    'renderTerminal',
  ],
  'otpkit/redis': [
    'IORedisLike',
    'NodeRedisLike',
    'RedisClientLike',
    'RedisReplayStore',
    'RedisStoreOptions',
    'RedisThrottleStore',
    'RedisVerificationStore',
  ],
  'otpkit/postgres': [
    'MigrateOptions',
    'OTPKIT_POSTGRES_SQL',
    'PgNamedQueryable',
    'PgQueryable',
    'PostgresCredentialStore',
    'PostgresCredentialStoreOptions',
    'PostgresReplayStore',
    'PostgresReplayStoreOptions',
    'PostgresThrottleStore',
    'PostgresThrottleStoreOptions',
    'PostgresVerificationStore',
    'PostgresVerificationStoreOptions',
    'SqlClient',
    'migrate',
    'schemaVersion',
  ],
  'otpkit/testkit': [
    'CONFORMANCE_POLICY',
    'ConformanceCheck',
    'ConformanceOptions',
    'CredentialConformanceOptions',
    'TestRunner',
    'credentialStoreChecks',
    'defineConformanceSuite',
    'distinctIds',
    'replayStoreChecks',
    'replayStoreIdChecks',
    'throttleStoreChecks',
    'throttleStoreIdChecks',
    'verificationStoreChecks',
  ],
};

/**
 * Public declarations that still name a type no entry point exports, each owned by another
 * area; an entry here is a known defect to fix in its module, not a permission to add more.
 */
const KNOWN_DANGLING: string[] = [];

describe('public surface', () => {
  const surface = readSurface(ROOT);

  it('has exactly the entry points of package.json', () => {
    expect(Object.keys(surface.exports).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
  });

  for (const subpath of Object.keys(EXPECTED)) {
    it(`${subpath} exports exactly its pinned names`, () => {
      expect(surface.exports[subpath]).toEqual([...(EXPECTED[subpath] as string[])].sort());
    });
  }

  it('is smaller than 0.1.0', () => {
    const total = Object.values(surface.exports).reduce((sum, names) => sum + names.length, 0);
    expect(total).toBe(240);
    expect(total).toBeLessThan(BASELINE_TOTAL);
  });

  it('names no type in a public declaration that no entry point exports', () => {
    expect(surface.dangling).toEqual(KNOWN_DANGLING);
  });

  it('keeps the core free of enrollment and permission errors, and otpkit/errors complete', () => {
    expect(surface.exports.otpkit).not.toContain('EnrollmentTransitionError');
    expect(surface.exports.otpkit).not.toContain('InvalidPermissionModelError');
    for (const name of ['EnrollmentTransitionError', 'InvalidSnapshotError', 'InvalidPermissionModelError', 'StoreUnavailableError']) {
      expect(surface.exports['otpkit/errors']).toContain(name);
    }
  });
});
