-- A program replaced while a session holds the old one cached. This session decides with v1
-- of the profile "Benchmark workload"; another session (dblink) installs v2, which sends
-- tier-1 accounts to the enterprise queue from a score of 5 instead of 25, and commits. The
-- next statement here decides with v2; v1 stays installed and cached, and decides by id.
CREATE EXTENSION icp;
CREATE EXTENSION dblink;
SELECT icp.install(bytes) AS v1 FROM test_artifacts WHERE name = 'benchmark-v1' \gset
SELECT (icp.inspect(bytes)).id AS v2 FROM test_artifacts WHERE name = 'benchmark-v2' \gset
-- A tier-1 account with a score of 8: sdr-outbound under v1, ae-enterprise under v2.
CREATE TABLE probe AS SELECT '{"id":"acc-1","employees":500,"revenue_musd":90.5,"naics":"541512","country":"US",
  "funding_stage":"series_b","tech":["okta"],"is_customer":false,"signals":[{"type":"exec_hire","days_ago":3}],
  "contacts":[]}'::jsonb AS account;

SELECT d.program = :'v1' AS v1, d.tier, d.score, d.queue
  FROM probe, LATERAL icp.evaluate('Benchmark workload', account, '2026-11-23') d;
SELECT icp.cached_programs() = ARRAY[:'v1'] AS only_v1_cached;
-- Deciding again loads nothing: the cache holds one program.
SELECT (icp.evaluate('Benchmark workload', account, '2026-11-23')).queue FROM probe;
SELECT cardinality(icp.cached_programs()) AS cached;

-- Another session installs v2, and commits.
SELECT dblink_connect('other', format('host=%s port=%s dbname=%s user=%s', current_setting('unix_socket_directories'),
                                      current_setting('port'), current_database(), current_user));
SELECT installed = :'v2' AS other_session_installed_v2
  FROM dblink('other', format('SELECT icp.install(%L::bytea)', (SELECT bytes FROM test_artifacts WHERE name = 'benchmark-v2')))
       AS t(installed text);

-- This session's next statement: v2, by name; v1 still answers by id.
SELECT d.program = :'v2' AS v2, d.queue
  FROM probe, LATERAL icp.evaluate('Benchmark workload', account, '2026-11-23') d;
SELECT d.program = :'v1' AS v1, d.queue FROM probe, LATERAL icp.evaluate(:'v1', account, '2026-11-23') d;
SELECT icp.cached_programs() = ARRAY[:'v2', :'v1'] AS both_cached_v1_most_recently_used;

-- A REPEATABLE READ transaction sees the programs of its snapshot: the other session's
-- rollback to v1 is not seen inside it, and is seen after it.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT (icp.evaluate('Benchmark workload', account, '2026-11-23')).queue AS before FROM probe;
SELECT activated = :'v1' AS other_session_activated_v1
  FROM dblink('other', format('SELECT icp.activate(%L)', :'v1')) AS t(activated text);
SELECT (icp.evaluate('Benchmark workload', account, '2026-11-23')).queue AS same_snapshot FROM probe;
COMMIT;
SELECT (icp.evaluate('Benchmark workload', account, '2026-11-23')).queue AS after_commit FROM probe;

-- In a PL/pgSQL loop, one expression keeps its state from one statement to the next; it
-- resolves the name again when another session has committed in between.
CREATE FUNCTION pg_temp.queues() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  account jsonb := (SELECT p.account FROM probe p);
BEGIN
  FOR round IN 1..3 LOOP
    RETURN NEXT icp.queue('Benchmark workload', account, '2026-11-23');
    IF round = 2 THEN
      PERFORM * FROM dblink('other', format('SELECT icp.activate(%L)', (SELECT id FROM icp.programs WHERE version = '2')))
        AS t(activated text);
    END IF;
  END LOOP;
END
$$;
SELECT * FROM pg_temp.queues() AS queue;

-- Uninstalled by the other session: this one no longer finds it by name.
SELECT removed IS NOT NULL AS other_session_uninstalled
  FROM dblink('other', 'SELECT icp.uninstall(''Benchmark workload'')') AS t(removed text);
SELECT error_of($$SELECT icp.queue('Benchmark workload', '{}', '2026-11-23')$$);
SELECT dblink_disconnect('other');

DROP TABLE probe;
DROP EXTENSION dblink;
DROP EXTENSION icp;
