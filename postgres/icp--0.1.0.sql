-- The SQL objects of the icp extension, version 0.1.0 (CREATE EXTENSION icp): the table of
-- installed programs, the functions that install them, and the functions that decide accounts
-- with them. Input: run by CREATE EXTENSION into the schema icp. Output: the objects below;
-- docs/postgres.md is their reference.
\echo Use "CREATE EXTENSION icp" to load this file. \quit

-- Records are JSON text, and icp reads and writes UTF-8 only: a LATIN1 database would hand it
-- bytes it rejects and receive labels it cannot store.
DO $$
BEGIN
  IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.<>) 'UTF8' THEN
    RAISE EXCEPTION 'icp needs a UTF8 database; this one is %', pg_catalog.getdatabaseencoding()
      USING ERRCODE = 'feature_not_supported',
            HINT = 'CREATE DATABASE ... ENCODING ''UTF8'' makes one.';
  END IF;
END
$$;

-- What an artifact is: its program id and the profile's name, version and owner.
CREATE TYPE icp.program_identity AS (id text, profile text, version text, owner text);

-- IMMUTABLE: a pure function of the bytes (the library's loader and bytecode verifier).
-- PARALLEL SAFE: it reads nothing but its argument and keeps nothing. STRICT: no bytes, no
-- program. Raises 22I02 for bytes that are not a valid .icpb.
CREATE FUNCTION icp.inspect(artifact bytea) RETURNS icp.program_identity
  AS 'MODULE_PATHNAME', 'icp_sql_inspect'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Every program installed in this database, by id. A profile has at most one active program:
-- the one its name resolves to. The CHECK lets in only valid artifacts whose row tells the
-- truth about them, however the row is written (icp.install or a plain INSERT).
CREATE TABLE icp.programs (
  id           text PRIMARY KEY,
  profile      text NOT NULL,
  version      text NOT NULL,
  owner        text NOT NULL,
  artifact     bytea NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  active       boolean NOT NULL DEFAULT true,
  CONSTRAINT programs_artifact_matches
    CHECK (icp.inspect(artifact) OPERATOR(pg_catalog.=) ROW(id, profile, version, owner)::icp.program_identity)
);
CREATE UNIQUE INDEX programs_active_profile ON icp.programs (profile) WHERE active;
-- pg_dump dumps the rows of an extension's table only when told to: installed programs are
-- data the database owner put there, and a restore must bring them back.
SELECT pg_catalog.pg_extension_config_dump('icp.programs', '');
-- Deciding reads the programs as the calling user; installing writes them, which only the
-- table's owner may do until they GRANT it (docs/postgres.md "Who may do what").
GRANT USAGE ON SCHEMA icp TO PUBLIC;
GRANT SELECT ON icp.programs TO PUBLIC;

-- The id `program` names: itself when it starts with "sha256:" and is installed, else the id
-- of the active program of the profile with that name; null when there is none. The one
-- definition of a program argument: the deciding functions resolve theirs with it.
-- STABLE: it reads icp.programs, in the statement's snapshot. PARALLEL SAFE: a read.
CREATE FUNCTION icp.resolve(program text) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  AS $$
    SELECT p.id FROM icp.programs p
     WHERE CASE WHEN pg_catalog.starts_with(program, 'sha256:') THEN p.id OPERATOR(pg_catalog.=) program
                ELSE p.profile OPERATOR(pg_catalog.=) program AND p.active END
  $$;

-- Installs a built program (`icpc build ... -o x.icpb`) and makes it the active program of its
-- profile, so calls that name the profile use it from their next statement on; the program it
-- replaces stays installed, addressable by id (icp.activate brings it back). Installing the
-- same bytes again is harmless. Returns the program id.
-- VOLATILE and PARALLEL UNSAFE: it writes icp.programs.
CREATE FUNCTION icp.install(artifact bytea) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  program icp.program_identity := icp.inspect(artifact);
BEGIN
  -- One install at a time, so two sessions installing builds of one profile cannot both
  -- deactivate the other's and leave the profile with none, or collide on the unique index.
  LOCK TABLE icp.programs IN SHARE ROW EXCLUSIVE MODE;
  UPDATE icp.programs SET active = false
   WHERE profile = program.profile AND active AND id <> program.id;
  INSERT INTO icp.programs (id, profile, version, owner, artifact)
  VALUES (program.id, program.profile, program.version, program.owner, artifact)
  ON CONFLICT (id) DO UPDATE
    SET active = true, installed_at = now(), artifact = excluded.artifact;
  RETURN program.id;
END
$$;

-- Makes an installed program (by id) the active one of its profile: a rollback. Returns its id.
-- VOLATILE and PARALLEL UNSAFE: it writes icp.programs.
CREATE FUNCTION icp.activate(program text) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  chosen icp.programs%ROWTYPE;
BEGIN
  LOCK TABLE icp.programs IN SHARE ROW EXCLUSIVE MODE;
  SELECT * INTO chosen FROM icp.programs WHERE id = icp.resolve(program);
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no program `%` is installed', program USING ERRCODE = 'undefined_object';
  END IF;
  -- Off first, then on: the unique index on active profiles is checked row by row.
  UPDATE icp.programs SET active = false WHERE profile = chosen.profile AND active AND id <> chosen.id;
  UPDATE icp.programs SET active = true WHERE id = chosen.id;
  RETURN chosen.id;
END
$$;

-- Removes an installed program (by id, or the active one of a profile by name). A profile
-- whose active program is removed has none until another is installed or activated.
-- VOLATILE and PARALLEL UNSAFE: it writes icp.programs.
CREATE FUNCTION icp.uninstall(program text) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  removed text;
BEGIN
  DELETE FROM icp.programs WHERE id = icp.resolve(program) RETURNING id INTO removed;
  IF removed IS NULL THEN
    RAISE EXCEPTION 'no program `%` is installed', program USING ERRCODE = 'undefined_object';
  END IF;
  RETURN removed;
END
$$;

-- The ids of the programs this backend has loaded, least recently used first (at most 16; a
-- program is loaded once per backend, then found here by id). For watching the cache.
-- VOLATILE: it changes as the backend decides. PARALLEL RESTRICTED: a worker would show its
-- own cache, not the session's.
CREATE FUNCTION icp.cached_programs() RETURNS text[]
  AS 'MODULE_PATHNAME', 'icp_sql_cached_programs'
  LANGUAGE C VOLATILE PARALLEL RESTRICTED;

-- One decision as a row, for WHERE, GROUP BY and joins (LANGUAGE.md "Decision and audit
-- record" gives each field's meaning). `rejected` is null unless icp.try_evaluate met a
-- record it could not decide; then the decision's columns are null.
-- KEEP IN SYNC: enum DecisionColumn in src/decision_row.c.
CREATE TYPE icp.decision AS (
  account_id         text,
  program            text,
  as_of              date,
  verdict            text,      -- excluded, tier, no_fit
  tier               integer,   -- set when verdict is tier
  tier_label         text,
  excluded_by        text,      -- the exclusion's name, when verdict is excluded
  score              numeric,   -- exact; null when unknown (the points overflowed)
  committee_coverage integer,   -- percent; null when the profile declares no roles
  committee_roles    text[],    -- the roles filled, in declaration order (empty when none)
  route_rule         integer,   -- 1-based
  route_action       text,      -- disqualify, ignore, queue
  queue              text,      -- set when route_action is queue
  sla                text,
  cadence            text,
  rejected           jsonb      -- {"record","field","expected","found","message"}
);

-- The deciding functions. Each reads the program `program` names (icp.resolve), decides the
-- record account::text (the jsonb's own text) as of `as_of`, and gives what `icpc eval` gives
-- for that line. Labels, and why:
--   STABLE, not IMMUTABLE: the program a name resolves to is read from icp.programs, and a
--     new install changes it; it is resolved once per statement, in the statement's snapshot,
--     so the result for the same arguments is the same for every row of a statement.
--   PARALLEL SAFE: a parallel worker reads icp.programs in the leader's snapshot and loads
--     the program into its own cache; nothing is written and no state is shared, and a
--     decision depends only on (program, record, as_of), so workers decide as the leader would.
--   STRICT: a null program, account or as_of gives null.
--   COST 30: a decision of the benchmark's profile costs about what 30 jsonb field reads
--     (->>, cost 1) do, measured in PostgreSQL (docs/postgres.md "Labels, and why"); larger
--     profiles cost more. The default of 1 would hide that from the planner, which then
--     weighs parallel plans and the order of quals as if the call were free.
-- A rejected record raises 22I01 with the message `icpc eval` prints for it; the try_
-- variants return it as data instead.
CREATE FUNCTION icp.decide(program text, account jsonb, as_of date, audit boolean DEFAULT false) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'icp_sql_decide'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 30;

-- The decision line itself, byte for byte what `icpc eval` writes (json keeps text as given).
CREATE FUNCTION icp.decide_json(program text, account jsonb, as_of date, audit boolean DEFAULT false) RETURNS json
  AS 'MODULE_PATHNAME', 'icp_sql_decide_json'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 30;

-- As icp.decide, but a record that cannot be decided gives {"rejected": {...}} instead of an
-- error, so one bad row does not abort a nightly job.
CREATE FUNCTION icp.try_decide(program text, account jsonb, as_of date, audit boolean DEFAULT false) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'icp_sql_try_decide'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 30;

CREATE FUNCTION icp.evaluate(program text, account jsonb, as_of date) RETURNS icp.decision
  AS 'MODULE_PATHNAME', 'icp_sql_evaluate'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 30;

CREATE FUNCTION icp.try_evaluate(program text, account jsonb, as_of date) RETURNS icp.decision
  AS 'MODULE_PATHNAME', 'icp_sql_try_evaluate'
  LANGUAGE C STABLE STRICT PARALLEL SAFE COST 30;

-- One field of the decision, for a WHERE or GROUP BY that needs one. Each is a single SELECT
-- of icp.evaluate, which the planner inlines: the labels are icp.evaluate's, for its reasons.
-- To read several fields of one decision, call icp.evaluate once (FROM ..., LATERAL
-- icp.evaluate(...) d) rather than several of these, each of which decides again.
CREATE FUNCTION icp.verdict(program text, account jsonb, as_of date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (icp.evaluate(program, account, as_of)).verdict $$;

CREATE FUNCTION icp.tier(program text, account jsonb, as_of date) RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (icp.evaluate(program, account, as_of)).tier $$;

CREATE FUNCTION icp.score(program text, account jsonb, as_of date) RETURNS numeric
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (icp.evaluate(program, account, as_of)).score $$;

CREATE FUNCTION icp.route_action(program text, account jsonb, as_of date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (icp.evaluate(program, account, as_of)).route_action $$;

CREATE FUNCTION icp.queue(program text, account jsonb, as_of date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT (icp.evaluate(program, account, as_of)).queue $$;
