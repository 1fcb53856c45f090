-- otpkit/postgres migration: the replay and throttle tables.
-- Apply once per database (psql -f node_modules/otpkit/sql/otpkit-postgres.sql). Safe to re-run.
-- Table names here are the defaults of PostgresReplayStore / PostgresThrottleStore; if you pass
-- other names to the stores, rename them here too.

-- One watermark per credential: the highest TOTP time step (or HOTP counter) accepted, and the
-- clock drift in time steps learned with it (RFC 6238 §6). expires_at NULL = keep for good (HOTP).
CREATE TABLE IF NOT EXISTS otpkit_replay (
  credential_id text PRIMARY KEY,
  time_step     bigint NOT NULL CHECK (time_step >= 0),
  drift         integer NOT NULL DEFAULT 0,
  expires_at    timestamptz
);

-- For the periodic sweep: DELETE FROM otpkit_replay WHERE expires_at <= now().
CREATE INDEX IF NOT EXISTS otpkit_replay_expires_at ON otpkit_replay (expires_at) WHERE expires_at IS NOT NULL;

-- Consecutive failures per credential and the Unix time (seconds, from the verifier's clock)
-- until which attempts are refused. `refused` tells the statement that wrote the row whether
-- it admitted its attempt. Rows are deleted by a success or a reset, never expired.
CREATE TABLE IF NOT EXISTS otpkit_throttle (
  credential_id text PRIMARY KEY,
  failures      integer NOT NULL CHECK (failures >= 0),
  locked_until  double precision NOT NULL DEFAULT 0,
  refused       boolean NOT NULL DEFAULT false
);

-- ── Persisted enrollment (PostgresCredentialStore) ─────────────────────────────────────────────
-- Schema versions, one row per otpkit component, so a later migration can tell what it finds.
CREATE TABLE IF NOT EXISTS otpkit_schema (
  component text PRIMARY KEY,
  version   integer NOT NULL CHECK (version > 0)
);

-- One row per subject: the enrollment snapshot (JSON text, no secret), its etag (a counter raised
-- by every commit), the pending and active TOTP keys as KeyVault envelopes (AES-256-GCM, bound to
-- subject and key ref; never plain key bytes), and the unused recovery-code hashes with their salt.
CREATE TABLE IF NOT EXISTS otpkit_enrollment (
  subject         text PRIMARY KEY,
  snapshot        text NOT NULL,
  etag            bigint NOT NULL CHECK (etag > 0),
  pending_key_ref text,
  pending_key     text,
  active_key_ref  text,
  active_key      text,
  recovery_salt   text,
  recovery_hashes text[],
  CONSTRAINT otpkit_enrollment_pending_pair CHECK ((pending_key_ref IS NULL) = (pending_key IS NULL)),
  CONSTRAINT otpkit_enrollment_active_pair CHECK ((active_key_ref IS NULL) = (active_key IS NULL)),
  CONSTRAINT otpkit_enrollment_recovery_pair CHECK ((recovery_salt IS NULL) = (recovery_hashes IS NULL))
);

INSERT INTO otpkit_schema (component, version) VALUES ('enrollment', 1)
ON CONFLICT (component) DO UPDATE SET version = GREATEST(otpkit_schema.version, excluded.version);
