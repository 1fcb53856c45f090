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
