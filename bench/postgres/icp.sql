-- The same decisions through the icp extension, in the cross-check's form (bench/README.md
-- "Cross-check"), as the views bench/postgres/run times against sql_decisions (rules.sql).
-- Input: a table accounts (line int, account jsonb) and the program of bench/rules.icp
-- installed. Output: the views icp_decisions (icp.evaluate, one row per decision) and
-- icp_decisions_jsonb (icp.decide, the decision as jsonb, its fields read with ->>).
CREATE VIEW icp_decisions AS
SELECT a.line,
       d.account_id AS id,
       CASE WHEN d.verdict = 'excluded' THEN 'excluded:' || d.excluded_by ELSE d.verdict END AS verdict,
       d.tier,
       d.score,
       array_to_string(d.committee_roles, '+') AS roles,
       CASE WHEN d.route_action = 'queue' THEN 'queue:' || d.queue ELSE d.route_action END AS route
  FROM accounts a, LATERAL icp.evaluate('Benchmark workload', a.account, '2026-11-23') d;

CREATE VIEW icp_decisions_jsonb AS
SELECT s.line,
       s.d->>'id' AS id,
       CASE WHEN s.d->>'verdict' = 'excluded' THEN 'excluded:' || (s.d->>'excluded_by') ELSE s.d->>'verdict' END AS verdict,
       (s.d->>'tier')::int AS tier,
       (s.d->>'score')::numeric AS score,
       (SELECT coalesce(string_agg(r, '+'), '') FROM jsonb_array_elements_text(s.d->'committee'->'roles') r) AS roles,
       CASE WHEN s.d->'route'->>'action' = 'queue' THEN 'queue:' || (s.d->'route'->>'queue')
            ELSE s.d->'route'->>'action' END AS route
  -- OFFSET 0 keeps the subquery whole, so each row is decided once, not once per field read.
  FROM (SELECT line, icp.decide('Benchmark workload', account, '2026-11-23') AS d FROM accounts OFFSET 0) s;
