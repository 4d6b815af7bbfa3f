-- Installing programs: CREATE EXTENSION, icp.install, what icp.programs lets in, a second
-- build of a profile, icp.activate and icp.uninstall. (test_artifacts: regress_test.py)
CREATE EXTENSION icp;
SELECT e.extversion, n.nspname AS schema
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'icp';

-- What an artifact is, read by the library's verifier.
SELECT (icp.inspect(bytes)).profile, (icp.inspect(bytes)).version, (icp.inspect(bytes)).owner
  FROM test_artifacts ORDER BY name;

-- icp.install returns the program id, and the row tells the truth about the artifact.
SELECT name, icp.install(bytes) = (icp.inspect(bytes)).id AS returns_the_id
  FROM test_artifacts WHERE name IN ('enterprise-platform', 'mid-market-security', 'plg-smb') ORDER BY name;
SELECT profile, version, owner, active, id ~ '^sha256:[0-9a-f]{64}$' AS id_is_a_sha256
  FROM icp.programs ORDER BY profile;

-- Installing the same bytes again changes nothing.
SELECT icp.install(bytes) = (icp.inspect(bytes)).id AS again FROM test_artifacts WHERE name = 'plg-smb';
SELECT count(*) AS programs FROM icp.programs;

-- A second build of a profile becomes the active one; the first stays installed, by id.
SELECT icp.install(bytes) AS v1 FROM test_artifacts WHERE name = 'benchmark-v1' \gset
SELECT icp.install(bytes) AS v2 FROM test_artifacts WHERE name = 'benchmark-v2' \gset
SELECT version, active FROM icp.programs WHERE profile = 'Benchmark workload' ORDER BY version;
SELECT icp.resolve('Benchmark workload') = :'v2' AS name_gives_v2, icp.resolve(:'v1') = :'v1' AS id_gives_v1,
       icp.resolve('No such profile') IS NULL AS unknown_name, icp.resolve('sha256:00') IS NULL AS unknown_id;

-- A rollback: v1 active again, then v2.
SELECT icp.activate(:'v1') = :'v1' AS activated;
SELECT version, active FROM icp.programs WHERE profile = 'Benchmark workload' ORDER BY version;
SELECT icp.activate('Benchmark workload') = :'v1' AS activating_the_active_one_is_harmless;
SELECT icp.activate(:'v2') = :'v2' AS activated;

-- Bytes that are not a program (22I02), checked by the library before anything is written.
SELECT icp.install('\x00'::bytea);
SELECT icp.install(substring(bytes from 1 for 200)) FROM test_artifacts WHERE name = 'plg-smb';
SELECT icp.inspect(''::bytea);

-- A row that lies about its artifact is refused, however it is written. (Terse: the
-- failing row's DETAIL holds the install time.)
\set VERBOSITY terse
INSERT INTO icp.programs (id, profile, version, owner, artifact)
  SELECT 'sha256:00', 'Forged', '1', 'x@example.com', bytes FROM test_artifacts WHERE name = 'plg-smb';
UPDATE icp.programs SET profile = 'Renamed' WHERE id = :'v1';
UPDATE icp.programs SET artifact = (SELECT bytes FROM test_artifacts WHERE name = 'plg-smb') WHERE id = :'v1';

-- One active program per profile.
UPDATE icp.programs SET active = true WHERE id = :'v1';
\set VERBOSITY default

-- Uninstalling, by id or by the active program of a profile.
SELECT icp.uninstall(:'v1') = :'v1' AS uninstalled;
SELECT icp.uninstall('sha256:00');
SELECT icp.uninstall('Benchmark workload') = :'v2' AS uninstalled;
SELECT icp.resolve('Benchmark workload') IS NULL AS no_active_program;

-- pg_dump keeps the installed programs (an extension's table is dumped only when marked).
SELECT c.relname FROM pg_extension e, unnest(e.extconfig) AS config(oid) JOIN pg_class c ON c.oid = config.oid
 WHERE e.extname = 'icp';

DROP EXTENSION icp;
