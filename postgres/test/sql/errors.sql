-- What goes wrong, and what the caller sees: a rejected record (22I01) raised, or returned
-- as data by the try_ variants; an unknown program (42704); an as_of icp cannot write
-- (22008); an installed program the library cannot load (22I02). docs/postgres.md "Errors".
-- error_of(statement) gives the SQLSTATE and message of a statement's error (regress_test.py).
CREATE EXTENSION icp;
SELECT count(icp.install(bytes)) AS installed FROM test_artifacts WHERE name IN ('mid-market-security', 'plg-smb');

-- A rejected record, as psql shows it: the message `icpc eval` prints for the line.
SELECT icp.decide('Mid-market security', account, '2026-11-22')
  FROM test_accounts WHERE file = 'mid-market-accounts.jsonl' AND line = 10;

-- Each kind of bad record, through each raising function.
SELECT f AS function, r AS record,
       error_of(format('SELECT icp.%s(%L, %L::jsonb, %L)', f, 'Mid-market security', r, '2026-11-22')) AS error
  FROM unnest(ARRAY['decide', 'decide_json', 'evaluate']) AS f,
       unnest(ARRAY['{"id":"acc-1","employees":"many"}', '{"employees":10}', '[1, 2]', '"acc-1"',
                    '{"id":"acc-2","employees":850,"naics":"541512","country":"XX","funding_stage":"series_b","tech":[],"is_customer":false}',
                    '{"id":"acc-3","employees":850,"naics":"541512","country":"US","funding_stage":"series_b","tech":[],"is_customer":false,"signals":[{"type":"g2_visit","at":"2026-02-30"}]}'
              ]) AS r
 ORDER BY 1, 2;

-- The record limits of docs/reliability.md, on the record's text: over 8 MiB, nested over 64.
SELECT error_of(format('SELECT icp.decide(%L, %L::jsonb, %L)', 'Mid-market security',
                       jsonb_build_object('id', 'big', 'note', repeat('x', 9 * 1024 * 1024)), '2026-11-22')) AS too_big;
SELECT error_of(format('SELECT icp.decide(%L, %L::jsonb, %L)', 'Mid-market security',
                       '{"id": "deep", "note": ' || repeat('[', 70) || repeat(']', 70) || '}', '2026-11-22')) AS too_deep;

-- Caught in PL/pgSQL by its SQLSTATE, or as any data exception.
DO $$
BEGIN
  PERFORM icp.decide('Mid-market security', '{"id":"acc-1","employees":"many"}', '2026-11-22');
EXCEPTION WHEN SQLSTATE '22I01' THEN
  RAISE NOTICE 'caught 22I01: %', SQLERRM;
END
$$;
DO $$
BEGIN
  PERFORM icp.evaluate('Mid-market security', '[]', '2026-11-22');
EXCEPTION WHEN data_exception THEN
  RAISE NOTICE 'caught as data_exception: %', SQLSTATE;
END
$$;

-- The non-raising variants: the rejection as data, every other row decided.
SELECT a.line, icp.try_decide('Mid-market security', a.account, '2026-11-22')->'rejected' AS rejected
  FROM test_accounts a WHERE a.file = 'mid-market-accounts.jsonl' AND a.line BETWEEN 9 AND 11 ORDER BY a.line;
SELECT d.account_id, d.verdict, d.route_action, d.rejected->>'field' AS field, d.rejected->>'message' AS message
  FROM test_accounts a, LATERAL icp.try_evaluate('Mid-market security', a.account, '2026-11-22') d
 WHERE a.file = 'mid-market-accounts.jsonl' ORDER BY a.line;
SELECT icp.try_decide('Mid-market security', '"not an object"', '2026-11-22');
SELECT (icp.try_evaluate('Mid-market security', '{"employees":"many"}', '2026-11-22')).rejected;

-- A program that is not installed, by name or by id; the try_ variants raise it too, since
-- it is the job that is wrong, not a row.
SELECT error_of($$SELECT icp.decide('Mid-market securty', '{}', '2026-11-22')$$);
SELECT error_of($$SELECT icp.try_decide('sha256:0123', '{}', '2026-11-22')$$);
SELECT icp.evaluate('Mid-market securty', '{}', '2026-11-22');

-- An as_of the decision cannot carry (it writes YYYY-MM-DD).
SELECT error_of(format('SELECT icp.decide(%L, %L, %L::date)', 'PLG SMB', '{}', d))
  FROM unnest(ARRAY['infinity', '-infinity', '10000-01-01', '0001-12-31 BC']) AS d;
SELECT icp.decide('PLG SMB', account, '0001-01-01')->>'as_of' AS first_day,
       icp.decide('PLG SMB', account, '9999-12-31')->>'as_of' AS last_day
  FROM test_accounts WHERE file = 'plg-smb-accounts.jsonl' AND line = 1;

-- An installed artifact this build of the library cannot load (as after an upgrade that
-- retired its format). The CHECK of icp.programs keeps such rows out, so it is dropped here
-- to let them in; a new session, which has nothing cached, then loads it.
ALTER TABLE icp.programs DROP CONSTRAINT programs_artifact_matches;
UPDATE icp.programs SET artifact = '\x49435042' WHERE profile = 'Mid-market security';
UPDATE icp.programs SET artifact = (SELECT bytes FROM test_artifacts WHERE name = 'mid-market-security')
 WHERE profile = 'PLG SMB';
\c
SELECT regexp_replace(error_of(format('SELECT icp.decide(%L, %L, %L)', p, '{}', '2026-11-22')),
                      'sha256:[0-9a-f]{64}', 'sha256:…', 'g') AS error
  FROM unnest(ARRAY['Mid-market security', 'PLG SMB']) AS p;

DROP EXTENSION icp;
