#!/usr/bin/env python3
"""postgres_decisions: every decision of 100,000 BENCHMARK.md accounts, made inside PostgreSQL,
against `icpc eval`'s, serially and with 2 parallel workers; and bad rows against icpc's errors.

Input: the build folder, icpc, the source folder, bench_generate_accounts; --accounts N.
Output: exit 0 when
  - icp.decide_json gives, for every row, the bytes of icpc eval's line for it, and icp.decide
    and icp.evaluate the same decision (as jsonb; column by column);
  - with parallel query forced on (2 workers launched, the leader not deciding), the same
    bytes again, every decision made in a worker;
  - over the same accounts with one row in 1,000 spoilt, icp.try_decide gives icpc eval's
    decision for each good row and, for each bad one, the rejection icpc eval reports: the
    same field, expected and found, and the message icpc prints after "file:line: ".
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # nothing written into the source tree (no __pycache__ beside pg_cluster)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_cluster  # noqa: E402

AS_OF = "2026-11-23"
DATABASE = "icp_decisions"
PROFILE = "Benchmark workload"
PARALLEL = """
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
"""
# Each spoilt row is one of these, in turn: one bad value each, written as jsonb writes it back
# (a value jsonb would rewrite, such as 1.50e1, would make the two records differ).
BAD_RECORDS = [
    '{{"id":"{id}","employees":"many","revenue_musd":1.5,"naics":"541512","country":"US","funding_stage":"seed","tech":[],"is_customer":false}}',
    '{{"employees":120,"revenue_musd":1.5,"naics":"541512","country":"US","funding_stage":"seed","tech":[],"is_customer":false}}',
    '{{"id":"{id}","employees":120,"revenue_musd":1.5,"naics":"541512","country":"ZZ","funding_stage":"seed","tech":[],"is_customer":false}}',
    '{{"id":"{id}","employees":120,"revenue_musd":1.5,"naics":"541512","country":"US","funding_stage":"series_z","tech":[],"is_customer":false}}',
    '{{"id":"{id}","employees":120,"revenue_musd":1.5,"naics":"541512","country":"US","funding_stage":"seed","tech":[],"is_customer":false,"signals":[{{"type":"g2_visit","at":"2026-02-30"}}]}}',
    '["{id}"]',
]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", flush=True)
    return condition


def first_difference(got, expected):
    for number, (a, b) in enumerate(zip(got, expected), 1):
        if a != b:
            return f"row {number}:\n  got      {a[:300]}\n  expected {b[:300]}"
    return f"{len(got)} rows, expected {len(expected)}"


def icpc_eval(icpc, program, accounts, work, name):
    """icpc eval's decision lines, its --errors objects by line, and its stderr messages by line."""
    output, errors = os.path.join(work, f"{name}.out.jsonl"), os.path.join(work, f"{name}.errors.jsonl")
    for extra in (["--errors", errors], []):
        result = subprocess.run([icpc, "eval", program, "--input", accounts, "--as-of", AS_OF, "--output", output,
                                 "--threads", "2", *extra], stderr=subprocess.PIPE, text=True)
        if result.returncode not in (0, 1):
            raise SystemExit(f"icpc eval failed: {result.stderr}")
        if not extra:
            stderr = result.stderr
    with open(output) as f:
        lines = f.read().splitlines()
    with open(errors) as f:
        rejections = {obj["line"]: obj for obj in map(json.loads, f)}
    prefix = f"{accounts}:"
    messages = {}
    for text in stderr.splitlines():
        if text.startswith(prefix):
            line, _, message = text[len(prefix):].partition(": ")
            messages[int(line)] = message
    return lines, rejections, messages


def spoil(accounts, path, every):
    """The accounts with every `every`-th line replaced by a bad record; their line numbers."""
    bad = []
    with open(accounts) as source, open(path, "w") as out:
        for number, line in enumerate(source, 1):
            if number % every == 0:
                template = BAD_RECORDS[len(bad) % len(BAD_RECORDS)]
                line = template.format(id=f"bad-{number:06d}") + "\n"
                bad.append(number)
            out.write(line)
    return bad


def rows(cluster, sql):
    return cluster.psql(sql, database=DATABASE).splitlines()


def timed(cluster, sql):
    start = time.monotonic()
    result = rows(cluster, sql)
    return result, time.monotonic() - start


def check_serial(cluster, expected):
    got, seconds = timed(cluster, f"SELECT icp.decide_json('{PROFILE}', account, '{AS_OF}') FROM accounts ORDER BY line;")
    print(f"icp.decide_json over {len(expected)} rows, serial: {seconds:.2f} s (psql included)")
    check(got == expected, f"icp.decide_json differs from icpc eval: {first_difference(got, expected)}")
    differing = rows(cluster, f"""
        SELECT count(*) FILTER (WHERE icp.decide('{PROFILE}', a.account, '{AS_OF}') <> e.decision),
               count(*) FILTER (WHERE (d.account_id, d.program, d.as_of::text, d.verdict, d.tier, d.tier_label,
                                       d.excluded_by, d.score, d.committee_coverage, to_jsonb(d.committee_roles),
                                       d.route_rule, d.route_action, d.queue, d.sla, d.cadence)
                                  IS DISTINCT FROM
                                      (e.decision->>'id', e.decision->>'program', e.decision->>'as_of',
                                       e.decision->>'verdict', (e.decision->>'tier')::int, e.decision->>'tier_label',
                                       e.decision->>'excluded_by', (e.decision->>'score')::numeric,
                                       (e.decision->'committee'->>'coverage')::int, e.decision->'committee'->'roles',
                                       (e.decision->'route'->>'rule')::int, e.decision->'route'->>'action',
                                       e.decision->'route'->>'queue', e.decision->'route'->>'sla',
                                       e.decision->'route'->>'cadence')
                                   OR d.rejected IS NOT NULL),
               count(*)
          FROM accounts a JOIN expected e USING (line), LATERAL icp.evaluate('{PROFILE}', a.account, '{AS_OF}') d;
        """)[0].split("|")
    check(differing == ["0", "0", str(len(expected))],
          f"icp.decide / icp.evaluate differ from icpc eval's lines (decide, evaluate, rows): {differing}")


def check_parallel(cluster, expected):
    query = f"SELECT icp.decide_json('{PROFILE}', account, '{AS_OF}') FROM accounts ORDER BY line"
    plan = json.loads(cluster.psql(PARALLEL + f"EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) {query};", database=DATABASE))
    nodes, stack = [], [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    launched = [node.get("Workers Launched") for node in nodes if "Workers Launched" in node]
    deciding = [node for node in nodes if node.get("Parallel Aware")
                and any("icp.decide_json" in output for output in node.get("Output", []))]
    check(launched == [2], f"the parallel plan launched {launched} workers, not [2]")
    check(len(deciding) == 1, "icp.decide_json is not computed by the parallel scan, in the workers")
    per_worker = [worker.get("Actual Rows", 0) for node in deciding for worker in node.get("Workers", [])]
    check(len(per_worker) == 2 and sum(per_worker) == len(expected) and min(per_worker) > 0,
          f"rows decided by each worker: {per_worker}, of {len(expected)}")
    got, seconds = timed(cluster, PARALLEL + query + ";")
    print(f"icp.decide_json over {len(expected)} rows, 2 workers: {seconds:.2f} s (psql included); "
          f"rows per worker {per_worker}")
    check(got == expected, f"with 2 workers, icp.decide_json differs from icpc eval: {first_difference(got, expected)}")


def check_bad_rows(cluster, icpc, program, work, accounts):
    spoilt = os.path.join(work, "spoilt.jsonl")
    bad = spoil(accounts, spoilt, 1000)
    lines, rejections, messages = icpc_eval(icpc, program, spoilt, work, "spoilt")
    check(sorted(rejections) == bad and sorted(messages) == bad,
          f"icpc eval rejected lines {sorted(rejections)[:5]}..., expected {bad[:5]}...")
    cluster.psql("CREATE TABLE spoilt (line int PRIMARY KEY, account jsonb NOT NULL);", database=DATABASE)
    cluster.copy_in(DATABASE, "spoilt", pg_cluster.jsonl_rows(spoilt))
    got = rows(cluster, PARALLEL + f"SELECT line, icp.try_decide('{PROFILE}', account, '{AS_OF}') FROM spoilt ORDER BY line;")
    decisions = iter(lines)
    mismatches = 0
    for row in got:
        number, _, value = row.partition("|")
        number, value = int(number), json.loads(value)
        if number in rejections:
            icpc = rejections[number]
            want = {"record": icpc["id"], "field": icpc["field"], "expected": icpc["expected"],
                    "found": icpc["found"], "message": messages[number]}
            ok = value == {"rejected": want}
        else:
            ok = value == json.loads(next(decisions))
        if not ok and mismatches < 3:
            print(f"line {number}: got {value}", flush=True)
        mismatches += not ok
    check(len(got) == len(lines) + len(bad) and mismatches == 0,
          f"icp.try_decide over the spoilt rows: {mismatches} of {len(got)} differ from icpc eval")
    print(f"icp.try_decide: {len(bad)} bad rows of {len(got)}, each with icpc eval's rejection; the rest decided")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("icpc")
    parser.add_argument("source_dir")
    parser.add_argument("generator")
    parser.add_argument("--accounts", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="icp-pg-decisions-") as work:
        program = os.path.join(work, "rules.icpb")
        subprocess.run([args.icpc, "build", os.path.join(args.source_dir, "bench", "rules.icp"), "-o", program],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        accounts = os.path.join(work, "accounts.jsonl")
        subprocess.run([args.generator, str(args.accounts), "--output", accounts], check=True)
        expected, rejections, _ = icpc_eval(args.icpc, program, accounts, work, "accounts")
        if not check(len(expected) == args.accounts and not rejections, "icpc eval did not decide every account"):
            return 1
        with pg_cluster.Cluster(args.build_dir) as cluster:
            cluster.create_database(DATABASE)
            with open(program, "rb") as f:
                cluster.psql(f"CREATE EXTENSION icp; SELECT icp.install('\\x{f.read().hex()}'::bytea);"
                             "CREATE TABLE accounts (line int PRIMARY KEY, account jsonb NOT NULL);"
                             "CREATE TABLE expected (line int PRIMARY KEY, decision jsonb NOT NULL);",
                             database=DATABASE)
            cluster.copy_in(DATABASE, "accounts", pg_cluster.jsonl_rows(accounts))
            cluster.copy_in(DATABASE, "expected",
                            (f"{n}\t{pg_cluster.copy_text(line)}" for n, line in enumerate(expected, 1)))
            cluster.psql("VACUUM ANALYZE accounts; VACUUM ANALYZE expected;", database=DATABASE)
            check_serial(cluster, expected)
            check_parallel(cluster, expected)
            check_bad_rows(cluster, args.icpc, program, work, accounts)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("postgres_decisions: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
