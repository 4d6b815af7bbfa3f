-- The examples of docs/postgres.md, as written there, on the sample accounts of
-- examples/data/mid-market-accounts.jsonl (one of them, acc-000010, is malformed on purpose).
-- They decide as of current_date, so only what does not depend on the day is printed.
CREATE EXTENSION icp;
SELECT icp.install(bytes) IS NOT NULL AS installed FROM test_artifacts WHERE name = 'mid-market-security';
CREATE SCHEMA crm;
CREATE TABLE crm.accounts AS
SELECT account->>'id' AS id, account AS data FROM test_accounts WHERE file = 'mid-market-accounts.jsonl';

-- "A nightly materialised view of tiers"
CREATE MATERIALIZED VIEW account_tiers AS
SELECT a.id AS account_id, d.verdict, d.tier, d.tier_label, d.score, d.route_action, d.queue,
       d.program, d.as_of, d.rejected
  FROM crm.accounts a, LATERAL icp.try_evaluate('Mid-market security', a.data, current_date) d;
CREATE UNIQUE INDEX ON account_tiers (account_id);
REFRESH MATERIALIZED VIEW CONCURRENTLY account_tiers;
SELECT count(*) AS accounts, count(*) FILTER (WHERE rejected IS NULL AND verdict IS NOT NULL) AS decided,
       count(DISTINCT program) AS programs, bool_and(as_of = current_date) AS as_of_today
  FROM account_tiers;
SELECT account_id, rejected->>'message' AS message FROM account_tiers WHERE rejected IS NOT NULL;

-- "Feeding a CRM sync table"
CREATE TABLE crm_sync (
  account_id text PRIMARY KEY,
  tier       integer,
  queue      text,
  program    text NOT NULL,
  decided_at date NOT NULL,
  synced     boolean NOT NULL DEFAULT false
);
\set sync 'INSERT INTO crm_sync AS s (account_id, tier, queue, program, decided_at) SELECT a.id, d.tier, d.queue, d.program, d.as_of FROM crm.accounts a, LATERAL icp.try_evaluate(''Mid-market security'', a.data, current_date) d WHERE d.rejected IS NULL ON CONFLICT (account_id) DO UPDATE SET tier = excluded.tier, queue = excluded.queue, program = excluded.program, decided_at = excluded.decided_at, synced = false WHERE (s.tier, s.queue) IS DISTINCT FROM (excluded.tier, excluded.queue)'
-- The first run writes every decided account; a second, with nothing changed, writes none.
:sync;
UPDATE crm_sync SET synced = true;
:sync;
SELECT count(*) AS rows, count(*) FILTER (WHERE NOT synced) AS to_sync FROM crm_sync;
-- A route that changes is written again, for the CRM to pick up.
UPDATE crm.accounts SET data = jsonb_set(data, '{is_customer}', 'true') WHERE id = 'acc-000001';
:sync;
SELECT account_id, queue, synced FROM crm_sync WHERE NOT synced;

CREATE TABLE icp_rejections (account_id text, field text, message text, seen_on date);
INSERT INTO icp_rejections (account_id, field, message, seen_on)
SELECT a.id, d.rejected->>'field', d.rejected->>'message', current_date
  FROM crm.accounts a, LATERAL icp.try_evaluate('Mid-market security', a.data, current_date) d
 WHERE d.rejected IS NOT NULL;
SELECT account_id, field, message, seen_on = current_date AS today FROM icp_rejections;

-- "A bad row"
SELECT icp.decide('Mid-market security', data, '2026-11-22') FROM crm.accounts;
SELECT icp.try_decide('Mid-market security', '{"id":"acc-1","employees":"many"}', current_date);

DROP MATERIALIZED VIEW account_tiers;
DROP TABLE crm_sync, icp_rejections;
DROP SCHEMA crm CASCADE;
DROP EXTENSION icp;
