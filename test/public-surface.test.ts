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
    'CommonVerifierOptions',
    'GenerateTOTPOptions',
    'HOTPVerifier',
    'HOTPVerifierOptions',
    'HOTPVerifierResult',
    'HmacAlgorithm',
    'KeyURI',
    'KeyURIWarning',
    'MAX_KEY_URI_LENGTH',
    'MAX_SECRET_CHARS',
    'MAX_TOKEN_CHARS',
    'MemoryReplayStore',
    'MemoryStoreOptions',
    'MemoryThrottleStore',
    'MemoryVerificationStore',
    'PreparedKey',
    'ReplayRecord',
    'ReplayStore',
    'TOTPVerifier',
    'TOTPVerifierOptions',
    'TOTPVerifierResult',
    'Throttle',
    'ThrottleAttempt',
    'ThrottlePolicy',
    'ThrottleState',
    'ThrottleStore',
    'VerificationAnswer',
    'VerificationProfile',
    'VerificationProfileName',
    'VerificationRequest',
    'VerificationState',
    'VerificationStore',
    'VerifyHOTPOptions',
    'VerifyHOTPResult',
    'VerifyInput',
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
    'CredentialRecordError',
    'EnrollmentTransitionError',
    'InvalidKeyURIError',
    'InvalidPermissionModelError',
    'InvalidSecretError',
    'InvalidSnapshotError',
    'KeyVaultError',
    'OtpkitError',
    'OtpkitErrorCode',
    'OtpkitErrors',
    'StoreUnavailableError',
    'StoredSnapshotError',
    'isOtpkitError',
  ],
  'otpkit/enrollment': [
    'AUDIT_EVENT_TYPES',
    'CredentialStore',
    'EnrollmentAuditEvent',
    'EnrollmentCommit',
    'EnrollmentFailure',
    'EnrollmentResult',
    'EnrollmentService',
    'EnrollmentServiceOptions',
    'EnrollmentSnapshot',
    'IssuedRecoveryCodes',
    'IssuedSecret',
    'KeyBinding',
    'KeyVault',
    'MemoryCredentialStore',
    'RecoveryCodeSet',
    'ResealOptions',
    'ResealReport',
    'SealedRow',
    'StoredEnrollment',
    'StoredKey',
    'TOTPVerifierPort',
    'UI_TEXT',
    'createEnrollmentService',
    'createKeyVault',
    'findRecoveryCode',
    'parseSnapshot',
    'resealAll',
  ],
  'otpkit/permissions': [
    'CellValue',
    'DEFAULT_PORTAL_TREE',
    'EffectiveGrid',
    'PermissionContact',
    'PermissionDecision',
    'PermissionExplanation',
    'PermissionFindingCode',
    'PermissionModel',
    'PermissionModelFinding',
    'PermissionResolver',
    'PermissionResource',
    'PermissionTree',
    'TwoFactorPolicy',
    'TwoFactorPolicyAnswer',
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
  'otpkit/qr': ['QRImageOptions', 'QRTerminalOptions', 'QR_BYTE_CAPACITY', 'renderPNG', 'renderPNGDataURL', 'renderSVG', 'renderTerminal'],
  'otpkit/redis': ['RedisClientLike', 'RedisReplayStore', 'RedisStoreOptions', 'RedisThrottleStore', 'RedisVerificationStore'],
  'otpkit/postgres': [
    'OTPKIT_POSTGRES_SQL',
    'PostgresCredentialStore',
    'PostgresCredentialStoreOptions',
    'PostgresReplayStore',
    'PostgresStoreOptions',
    'PostgresThrottleStore',
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
    expect(total).toBe(159);
    expect(total).toBeLessThan(BASELINE_TOTAL);
    // Issue #9's target: a third fewer names than 0.1.0 (241 → at most 160).
    expect(total).toBeLessThanOrEqual(160);
  });

  it('names no type in a public declaration that no entry point exports', () => {
    expect(surface.dangling).toEqual(KNOWN_DANGLING);
  });

  it('exports every error class and code from otpkit/errors only', () => {
    const errorNames = (surface.exports['otpkit/errors'] as string[]).filter((name) => name !== 'isOtpkitError' && name !== 'OtpkitErrors');
    for (const name of [
      'EnrollmentTransitionError',
      'InvalidSnapshotError',
      'InvalidPermissionModelError',
      'StoreUnavailableError',
      'KeyVaultError',
    ]) {
      expect(errorNames).toContain(name);
    }
    for (const [subpath, names] of Object.entries(surface.exports)) {
      if (subpath === 'otpkit/errors') continue;
      expect(names.filter((name) => errorNames.includes(name) || name.endsWith('Error'))).toEqual([]);
    }
  });
});
