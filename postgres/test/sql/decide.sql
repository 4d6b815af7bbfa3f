-- Deciding: icp.evaluate, icp.decide, icp.decide_json, the one-field functions and the
-- audit, on the examples' sample accounts (test_accounts: regress_test.py). Every decision
-- here is also checked byte for byte against `icpc eval` by decisions_test.py.
CREATE EXTENSION icp;
SELECT count(icp.install(bytes)) AS installed FROM test_artifacts
 WHERE name IN ('enterprise-platform', 'mid-market-security', 'plg-smb');

-- One row per decision, for WHERE and GROUP BY: the mid-market sample (its line 10 is
-- rejected: try_evaluate gives it as data, below in errors.sql).
SELECT d.account_id, d.verdict, d.tier, d.tier_label, d.excluded_by, d.score, d.committee_coverage AS coverage,
       d.committee_roles, d.route_rule AS rule, d.route_action, d.queue, d.sla, d.cadence
  FROM test_accounts a, LATERAL icp.evaluate('Mid-market security', a.account, '2026-11-22') d
 WHERE a.file = 'mid-market-accounts.jsonl' AND a.line <> 10 ORDER BY a.line;

-- The same program by id; its as_of in each row.
SELECT d.account_id, d.as_of, d.program = p.id AS program_is_the_id, d.route_action, d.queue
  FROM icp.programs p, test_accounts a, LATERAL icp.evaluate(p.id, a.account, '2026-11-22') d
 WHERE p.profile = 'PLG SMB' AND a.file = 'plg-smb-accounts.jsonl' ORDER BY a.line;

-- The one-field functions, in GROUP BY and WHERE.
SELECT icp.verdict('Enterprise platform', account, '2026-11-22') AS verdict,
       icp.route_action('Enterprise platform', account, '2026-11-22') AS action, count(*)
  FROM test_accounts WHERE file = 'enterprise-accounts.jsonl' GROUP BY 1, 2 ORDER BY 1, 2;
SELECT account->>'id' AS id, icp.tier('Mid-market security', account, '2026-11-22') AS tier,
       icp.score('Mid-market security', account, '2026-11-22') AS score,
       icp.queue('Mid-market security', account, '2026-11-22') AS queue
  FROM test_accounts
 WHERE file = 'mid-market-accounts.jsonl' AND line <> 10
   AND icp.tier('Mid-market security', account, '2026-11-22') = 1 ORDER BY 1;

-- icp.decide is the decision line as jsonb; icp.decide_json is the line's exact text.
SELECT icp.decide('PLG SMB', account, '2026-11-22') - 'program' AS decision
  FROM test_accounts WHERE file = 'plg-smb-accounts.jsonl' AND line = 1;
SELECT count(*) AS lines, count(*) FILTER (WHERE icp.decide('PLG SMB', account, '2026-11-22')
                                               = icp.decide_json('PLG SMB', account, '2026-11-22')::jsonb) AS same
  FROM test_accounts WHERE file = 'plg-smb-accounts.jsonl';
SELECT pg_typeof(icp.decide_json('PLG SMB', account, '2026-11-22')),
       left(icp.decide_json('PLG SMB', account, '2026-11-22')::text, 39) AS line_starts
  FROM test_accounts WHERE file = 'plg-smb-accounts.jsonl' AND line = 1;

-- The audit, on request.
SELECT jsonb_object_keys(icp.decide('Mid-market security', account, '2026-11-22', audit => true)->'audit') AS audit
  FROM test_accounts WHERE file = 'mid-market-accounts.jsonl' AND line = 1 ORDER BY 1;
SELECT icp.decide('Mid-market security', account, '2026-11-22') ? 'audit' AS without_audit
  FROM test_accounts WHERE file = 'mid-market-accounts.jsonl' AND line = 1;

-- The record icp reads is the jsonb's text: jsonb keeps the last of duplicate keys, and
-- writes 1e3 as 1000, so this record is decided as {"id": "dup", ..., "employees": 1000, ...}.
SELECT icp.decide_json('Mid-market security',
  '{"id":"dup","employees":"many","employees":1e3,"naics":"541512","country":"US","funding_stage":"series_b","tech":[],"is_customer":false}',
  '2026-11-22')::jsonb->'route' AS route;

-- STRICT: null in, null out.
SELECT icp.decide('PLG SMB', NULL, '2026-11-22') IS NULL AS null_account,
       icp.evaluate(NULL, '{}', '2026-11-22') IS NULL AS null_program,
       icp.tier('PLG SMB', '{}', NULL) IS NULL AS null_as_of;

DROP EXTENSION icp;
