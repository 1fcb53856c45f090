-- otpkit/postgres migration: the replay and throttle tables, the one-call verification function, the enrollment tables.
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

-- One verification in one call (otpkit 0.2, PostgresVerificationStore): refuse a lock, pick the
-- candidate among the steps (TOTP) or counters (HOTP) whose code matched, raise the watermark and
-- clear the failures, or count one failure. A transaction-scoped advisory lock on the id comes
-- first, so every verification of a credential waits for the one before it without writing a row
-- to do so (a credential that never fails has no throttle row); its throttle row, if any, is then
-- locked too, against a 0.1 PostgresThrottleStore. Each statement inside reads the latest
-- committed state (READ COMMITTED, a fresh snapshot per statement in a volatile function). A
-- failure is counted by one upsert that adds to whatever row is there, so a count written by
-- anything else meanwhile is never lost. The function is named after the throttle table
-- (`<throttle table>_verify`).
-- Returns one text value, words separated by one space:
--   'accepted <step>'  the accepted time step (TOTP), counter (HOTP) or match ('check');
--   'stale <next>'     HOTP only: the stored next counter differs from the caller's base;
--   '<status> <failures> <locked_until>' for 'invalid', 'replayed' and 'throttled'.
-- A scalar result, not a row set: no table function scan and one column for the client to read.

-- 0.2 pre-releases returned a table here; a result type cannot be replaced in place, so that
-- shape is dropped first (the function holds no data).
DO $otpkit$
BEGIN
  IF (SELECT p.proretset FROM pg_proc AS p WHERE p.oid = to_regprocedure('otpkit_throttle_verify(text, text,
    double precision, integer, double precision, integer, double precision, integer, bigint, integer,
    integer, integer, bigint, integer, bigint[])')) THEN
    DROP FUNCTION otpkit_throttle_verify(text, text, double precision, integer, double precision, integer,
      double precision, integer, bigint, integer, integer, integer, bigint, integer, bigint[]);
  END IF;
END
$otpkit$;

CREATE OR REPLACE FUNCTION otpkit_throttle_verify(
  p_id text, p_kind text, p_now double precision, p_threshold integer, p_initial double precision,
  p_factor integer, p_max_delay double precision, p_ceiling integer, p_base bigint, p_past integer,
  p_future integer, p_max_drift integer, p_initial_counter bigint, p_ttl integer, p_matches bigint[])
RETURNS text
LANGUAGE plpgsql VOLATILE AS $otpkit$
#variable_conflict use_column
DECLARE
  v_failures integer;
  v_locked double precision;
  v_mark bigint;
  v_drift integer := 0;
  v_next bigint;
  v_pick bigint;
  v_centre bigint;
  v_m bigint;
  v_held boolean;
BEGIN
  -- Key space 1869901931 ('otpk') and the id's hash; two ids with the same hash only wait longer.
  -- An assignment, not PERFORM: PL/pgSQL evaluates it without starting a query.
  v_held := pg_advisory_xact_lock(1869901931, hashtext(p_id)) IS NULL;
  -- The common login, TOTP without drift and one matching step, for a credential with no throttle
  -- row (nothing to refuse, nothing to clear): one statement raises the watermark. Without drift
  -- the window is centred on the base step, so the candidate is the match itself if it lies in
  -- the window. When nothing is written (the match is outside the window, a throttle row exists,
  -- or the step is not above the watermark), the full path below decides, under the same lock,
  -- on the same state.
  IF p_kind = 'totp' AND p_max_drift = 0 AND cardinality(p_matches) = 1 THEN
    INSERT INTO otpkit_replay AS r (credential_id, time_step, drift, expires_at)
    SELECT p_id, p_matches[1], 0, CASE WHEN p_ttl > 0 THEN now() + make_interval(secs => p_ttl) END
    WHERE p_matches[1] BETWEEN p_base - p_past AND p_base + p_future
      AND NOT EXISTS (SELECT FROM otpkit_throttle AS s WHERE s.credential_id = p_id FOR UPDATE)
    ON CONFLICT (credential_id) DO UPDATE
    SET time_step = excluded.time_step, drift = excluded.drift, expires_at = excluded.expires_at
    WHERE r.time_step < excluded.time_step OR r.expires_at <= now()
    RETURNING r.time_step INTO v_pick;
    IF FOUND THEN
      RETURN 'accepted ' || v_pick;
    END IF;
    v_pick := NULL;
  END IF;
  SELECT s.failures, s.locked_until INTO v_failures, v_locked FROM otpkit_throttle AS s
  WHERE s.credential_id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    v_failures := 0;
    v_locked := 0;
  END IF;
  IF v_failures >= p_ceiling OR v_locked > p_now THEN
    RETURN 'throttled ' || v_failures || ' ' || v_locked;
  END IF;
  IF p_kind = 'check' THEN
    v_pick := p_matches[1];
  ELSE
    SELECT r.time_step, r.drift INTO v_mark, v_drift FROM otpkit_replay AS r
    WHERE r.credential_id = p_id AND (r.expires_at IS NULL OR r.expires_at > now());
    IF NOT FOUND THEN
      v_mark := NULL;
      v_drift := 0;
    END IF;
    IF p_kind = 'hotp' THEN
      v_next := COALESCE(v_mark + 1, p_initial_counter);
      IF v_next <> p_base THEN
        RETURN 'stale ' || v_next;
      END IF;
      -- The picks below are plain PL/pgSQL over the array: no query per verification.
      FOREACH v_m IN ARRAY p_matches LOOP
        IF v_m >= v_next AND (v_pick IS NULL OR v_m < v_pick) THEN v_pick := v_m; END IF;
      END LOOP;
    ELSE
      v_centre := p_base + greatest(-p_max_drift, least(p_max_drift, v_drift));
      -- Nearest to the centre, the earlier step on a tie.
      FOREACH v_m IN ARRAY p_matches LOOP
        IF v_m BETWEEN v_centre - p_past AND v_centre + p_future AND (v_pick IS NULL
          OR abs(v_m - v_centre) < abs(v_pick - v_centre)
          OR (abs(v_m - v_centre) = abs(v_pick - v_centre) AND v_m < v_pick)) THEN
          v_pick := v_m;
        END IF;
      END LOOP;
    END IF;
  END IF;
  IF v_pick IS NOT NULL AND (p_kind = 'check' OR v_mark IS NULL OR v_pick > v_mark) THEN
    IF p_kind <> 'check' THEN
      INSERT INTO otpkit_replay AS r (credential_id, time_step, drift, expires_at)
      VALUES (p_id, v_pick,
        CASE WHEN p_max_drift > 0 THEN greatest(-p_max_drift, least(p_max_drift, v_pick - p_base))::integer ELSE 0 END,
        CASE WHEN p_ttl > 0 THEN now() + make_interval(secs => p_ttl) END)
      ON CONFLICT (credential_id) DO UPDATE
      SET time_step = excluded.time_step, drift = excluded.drift, expires_at = excluded.expires_at
      WHERE r.time_step < excluded.time_step OR r.expires_at <= now();
    END IF;
    -- FOUND is false only when a 0.1 `consume` raised the watermark meanwhile: then a replay.
    IF p_kind = 'check' OR FOUND THEN
      -- Clear only what there is to clear: no new row version when nothing failed before.
      IF v_failures <> 0 OR v_locked <> 0 THEN
        UPDATE otpkit_throttle AS s SET failures = 0, locked_until = 0 WHERE s.credential_id = p_id;
      END IF;
      RETURN 'accepted ' || v_pick;
    END IF;
  END IF;
  INSERT INTO otpkit_throttle AS s (credential_id, failures, locked_until)
  VALUES (p_id, 1, CASE WHEN 1 >= p_threshold
    THEN p_now + least(p_max_delay, p_initial * power(p_factor, 1 - p_threshold)) ELSE 0 END)
  ON CONFLICT (credential_id) DO UPDATE SET
    failures = s.failures + 1,
    locked_until = CASE WHEN s.failures + 1 >= p_threshold
      THEN p_now + least(p_max_delay, p_initial * power(p_factor, s.failures + 1 - p_threshold)) ELSE 0 END
  RETURNING s.failures, s.locked_until INTO v_failures, v_locked;
  RETURN CASE WHEN v_pick IS NULL THEN 'invalid ' ELSE 'replayed ' END || v_failures || ' ' || v_locked;
END
$otpkit$;
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
