-- The labels of every function (volatility, parallel safety, strictness, cost), which the
-- install script explains, and the one-field functions inlined into the calling query.
CREATE EXTENSION icp;
SELECT p.proname AS function, pg_get_function_identity_arguments(p.oid) AS arguments,
       CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility,
       CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END AS parallel,
       p.proisstrict AS strict, p.procost AS cost, l.lanname AS language
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = 'icp'::regnamespace ORDER BY 1, 2;

-- icp.tier(...) becomes (icp.evaluate(...)).tier in the plan: one call, no SQL-function overhead.
CREATE TABLE label_accounts (account jsonb);
EXPLAIN (VERBOSE, COSTS OFF)
SELECT icp.tier('PLG SMB', account, '2026-11-22') FROM label_accounts
 WHERE icp.queue('PLG SMB', account, '2026-11-22') = 'plg-assist';
DROP TABLE label_accounts;

DROP EXTENSION icp;
