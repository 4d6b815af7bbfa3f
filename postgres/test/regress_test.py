#!/usr/bin/env python3
"""postgres_regress: the extension's SQL surface, run by pg_regress against a real PostgreSQL 15.

Input: the build folder, icpc, the source folder; `--update` copies the results over
test/expected (then review the diff, as with the golden files). Output: exit 0 when every
test/sql/<name>.sql prints test/expected/<name>.out, else pg_regress's diffs.

Before pg_regress runs, the database holds two tables the SQL files read: test_artifacts
(name, bytes), the programs built here from the examples and bench/rules.icp (v1, and a v2
that routes differently), and test_accounts (file, line, account), the examples' sample
accounts, one row per line; and error_of(statement), which runs a statement and gives
'SQLSTATE: message' for its error.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # nothing written into the source tree (no __pycache__ beside pg_cluster)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_cluster  # noqa: E402

TESTS = ["install", "decide", "errors", "labels", "replace", "docs"]
PG_REGRESS = "/usr/lib/postgresql/15/lib/pgxs/src/test/regress/pg_regress"
DATABASE = "icp_regress"
EXAMPLES = ["mid-market-security", "plg-smb", "enterprise-platform"]


def benchmark_v2(source):
    """bench/rules.icp as a second build of the same profile: version 2, and tier-1 accounts
    reach the enterprise queue from a score of 5 instead of 25."""
    with open(os.path.join(source, "bench", "rules.icp")) as f:
        text = f.read()
    for old, new in (('version  "1"', 'version  "2"'), ("score >= 25", "score >= 5")):
        if old not in text:
            raise SystemExit(f"bench/rules.icp no longer holds `{old}`: update benchmark_v2()")
        text = text.replace(old, new)
    return text


def build_programs(icpc, source, folder):
    sources = {name: os.path.join(source, "examples", f"{name}.icp") for name in EXAMPLES}
    sources["benchmark-v1"] = os.path.join(source, "bench", "rules.icp")
    sources["benchmark-v2"] = os.path.join(folder, "benchmark-v2.icp")
    with open(sources["benchmark-v2"], "w") as f:
        f.write(benchmark_v2(source))
    artifacts = {}
    for name, path in sources.items():
        artifact = os.path.join(folder, f"{name}.icpb")
        result = subprocess.run([icpc, "build", path, "-o", artifact], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise SystemExit(f"icpc build {path} failed:\n{result.stdout}")
        artifacts[name] = artifact
    return artifacts


ERROR_OF = """
CREATE FUNCTION error_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE statement;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
"""


def load_fixtures(cluster, artifacts, source):
    cluster.psql("CREATE TABLE test_artifacts (name text PRIMARY KEY, bytes bytea NOT NULL);\n"
                 "CREATE TABLE test_accounts (file text, line int, account jsonb, PRIMARY KEY (file, line));\n"
                 + ERROR_OF, database=DATABASE)
    programs = []
    for name, path in sorted(artifacts.items()):
        with open(path, "rb") as f:
            programs.append(f"{name}\t\\\\x{f.read().hex()}")
    cluster.copy_in(DATABASE, "test_artifacts", programs)
    data = os.path.join(source, "examples", "data")
    for name in sorted(os.listdir(data)):
        cluster.copy_in(DATABASE, "test_accounts", (f"{name}\t{row}" for row in pg_cluster.jsonl_rows(os.path.join(data, name))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("icpc")
    parser.add_argument("source_dir")
    parser.add_argument("--update", action="store_true", help="copy the results over test/expected")
    args = parser.parse_args()
    test_dir = os.path.join(args.source_dir, "postgres", "test")
    work = tempfile.mkdtemp(prefix="icp-pg-regress-")
    try:
        artifacts = build_programs(args.icpc, args.source_dir, work)
        with pg_cluster.Cluster(args.build_dir) as cluster:
            cluster.create_database(DATABASE)
            load_fixtures(cluster, artifacts, args.source_dir)
            result = subprocess.run(
                [PG_REGRESS, "--use-existing", f"--dbname={DATABASE}", f"--bindir={pg_cluster.BINDIR}",
                 f"--inputdir={test_dir}", f"--outputdir={work}", *TESTS],
                env=cluster.environment(DATABASE), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            print(result.stdout)
            if args.update:
                for name in TESTS:
                    if not os.path.exists(os.path.join(work, "results", f"{name}.out")):
                        continue
                    shutil.copy(os.path.join(work, "results", f"{name}.out"),
                                os.path.join(test_dir, "expected", f"{name}.out"))
                print(f"updated {len(TESTS)} files in {os.path.join(test_dir, 'expected')}: review the diff")
                return 0
            if result.returncode != 0:
                diffs = os.path.join(work, "regression.diffs")
                if os.path.exists(diffs):
                    with open(diffs) as f:
                        print(f.read())
                print(cluster.server_log()[-4000:])
            return result.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
