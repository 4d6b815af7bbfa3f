-- The benchmark's rules (bench/WORKLOAD.md "Rules", bench/rules.icp) written in plain
-- SQL over the jsonb fields, as a data team would instead of icp: each field read once, one
-- pass over the signals and one over the contacts, then CASE expressions. Input: a table
-- accounts (line int, account jsonb). Output: the view sql_decisions, one row per account in
-- the cross-check's form (bench/README.md "Cross-check": id, verdict, tier, score, roles, route).
-- bench/postgres/run checks it equal to icp.evaluate's decisions before timing either.
CREATE VIEW sql_decisions AS
SELECT a.line,
       f.id,
       CASE WHEN x.excluded_by IS NOT NULL THEN 'excluded:' || x.excluded_by
            WHEN t.fit_tier > 0 THEN 'tier'
            ELSE 'no_fit' END AS verdict,
       CASE WHEN x.excluded_by IS NULL AND t.fit_tier > 0 THEN t.fit_tier END AS tier,
       (10 * s.g2_30 + 8 * s.exec_90 + 6 * s.job_60 + 2 * least(s.download_30, 3)
        + CASE WHEN s.any_30 >= 3 THEN 10 ELSE 0 END)::numeric AS score,
       concat_ws('+', CASE WHEN c.economic_buyer THEN 'economic_buyer' END,
                      CASE WHEN c.technical_evaluator THEN 'technical_evaluator' END) AS roles,
       CASE WHEN x.excluded_by IS NOT NULL THEN 'disqualify'
            WHEN t.fit_tier = 1 AND 10 * s.g2_30 + 8 * s.exec_90 + 6 * s.job_60 + 2 * least(s.download_30, 3)
                                    + CASE WHEN s.any_30 >= 3 THEN 10 ELSE 0 END >= 25 THEN 'queue:ae-enterprise'
            WHEN t.fit_tier IN (1, 2) THEN 'queue:sdr-outbound'
            WHEN t.fit_tier = 3 THEN 'queue:nurture'
            ELSE 'ignore' END AS route
  FROM accounts a
  CROSS JOIN LATERAL (
    SELECT a.account->>'id' AS id,
           (a.account->>'employees')::int AS employees,
           a.account->>'naics' AS naics,
           a.account->>'country' AS country,
           a.account->>'funding_stage' AS funding_stage,
           (a.account->>'is_customer')::boolean AS is_customer,
           a.account->'tech' ?| ARRAY['okta', 'crowdstrike', 'zscaler'] AS stack
  ) f
  -- Signal ages: an event counts within N days when 0 <= days_ago <= N; undeclared types count
  -- for nothing, not even towards the surge.
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.type = 'g2_visit' AND e.age BETWEEN 0 AND 30) AS g2_30,
           count(*) FILTER (WHERE e.type = 'exec_hire' AND e.age BETWEEN 0 AND 90) AS exec_90,
           count(*) FILTER (WHERE e.type = 'job_post' AND e.age BETWEEN 0 AND 60) AS job_60,
           count(*) FILTER (WHERE e.type = 'content_download' AND e.age BETWEEN 0 AND 30) AS download_30,
           count(*) FILTER (WHERE e.type IN ('g2_visit', 'exec_hire', 'job_post', 'content_download', 'webinar')
                              AND e.age BETWEEN 0 AND 30) AS any_30
      FROM (SELECT j->>'type' AS type, (j->>'days_ago')::int AS age
              FROM jsonb_array_elements(a.account->'signals') j) e
  ) s
  -- Titles match case-insensitively.
  CROSS JOIN LATERAL (
    SELECT coalesce(bool_or(lower(j->>'title') IN ('cfo', 'vp finance')), false) AS economic_buyer,
           coalesce(bool_or(lower(j->>'title') IN ('ciso', 'head of security')), false) AS technical_evaluator
      FROM jsonb_array_elements(a.account->'contacts') j
  ) c
  CROSS JOIN LATERAL (
    SELECT CASE WHEN f.is_customer THEN 'existing_customer'
                WHEN f.employees < 50 THEN 'too_small'
                WHEN f.country IN ('RU', 'KP', 'IR', 'CU', 'SY') THEN 'sanctioned' END AS excluded_by
  ) x
  CROSS JOIN LATERAL (
    SELECT CASE WHEN m.met = 5 THEN 1
                WHEN m.met >= 4 THEN 2
                WHEN m.software AND f.employees >= 50 THEN 3
                ELSE 0 END AS fit_tier
      FROM (SELECT (f.employees BETWEEN 200 AND 2000)::int + software::int + f.stack::int
                   + (f.funding_stage IN ('series_b', 'series_c', 'growth'))::int + (s.exec_90 >= 1)::int AS met,
                   software
              FROM (SELECT f.naics LIKE '5112%' OR f.naics LIKE '5182%' OR f.naics LIKE '5415%' AS software) n) m
  ) t;
