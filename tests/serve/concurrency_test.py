"""50 concurrent keep-alive connections decide 10,000 accounts through `icpc serve`; every
decision must be byte-identical to the line `icpc eval` writes for the same account, and the
batch endpoint must return icpc eval's whole output.
Usage: concurrency_test.py ICPC SOURCE_DIR [BENCH_GENERATE_ACCOUNTS]"""

import json
import os
import subprocess
import sys
import tempfile
import threading

from serve_lib import AS_OF, Server, check, finish, icpc_eval

ICPC, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
GENERATOR = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
ACCOUNTS, CONNECTIONS = 10_000, 50


def accounts(path):
    """The benchmark's accounts (bench/rules.icp's workload), or the examples' accounts
    repeated under new ids when the benchmark tools are not built."""
    if GENERATOR:
        subprocess.run([GENERATOR, str(ACCOUNTS), "--output", path], check=True)
        return os.path.join(SOURCE, "bench", "rules.icp")
    with open(os.path.join(SOURCE, "examples", "data", "mid-market-accounts.jsonl"), encoding="utf-8") as source:
        records = [json.loads(line) for line in source if '"many"' not in line]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(ACCOUNTS):
            record = dict(records[i % len(records)], id=f"acc-{i:06d}")
            out.write(json.dumps(record) + "\n")
    return os.path.join(SOURCE, "examples", "mid-market-security.icp")


def main():
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "accounts.jsonl")
        rules = accounts(path)
        expected, rejections = icpc_eval(ICPC, rules, path)
        check(not rejections and len(expected) == ACCOUNTS, f"icpc eval decided {len(expected)} accounts")
        with open(path, "rb") as records:
            lines = records.read().splitlines(keepends=True)
        profile = os.path.splitext(os.path.basename(rules))[0]
        server = Server(ICPC, [rules, "--threads", "2", "--max-connections", "64"])
        try:
            answers = [None] * ACCOUNTS
            errors = []

            def client(first):
                conn = server.connection(timeout=30)
                try:
                    for i in range(first, ACCOUNTS, CONNECTIONS):
                        status, headers, body = server.decide(profile, lines[i], connection=conn)
                        answers[i] = body if status == 200 else f"{status}".encode()
                except Exception as error:  # noqa: BLE001 - any failure is the test's
                    errors.append(f"connection {first}: {error}")
                finally:
                    conn.close()

            threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            check(not errors, f"client errors: {errors[:3]}")
            different = [i for i in range(ACCOUNTS) if answers[i] != expected[i].encode()]
            check(not different, f"{len(different)} of {ACCOUNTS} decisions differ from icpc eval, first: "
                                 f"{different[:1]} {answers[different[0]][:200] if different else ''!r}")
            with open(path, "rb") as body:
                status, _, got = server.request("POST", f"/v1/decide/{profile}/batch?as_of={AS_OF}", body=body,
                                                headers={"Content-Type": "application/x-ndjson"})
            check(status == 200 and got == "".join(expected).encode(), "the batch is not icpc eval's output")
            samples = server.metrics()
            decided = sum(v for k, v in samples.items() if k.startswith(f'icp_decisions_total{{profile="{profile}"'))
            check(decided == 2 * ACCOUNTS, f"icp_decisions_total adds up to {decided}, not {2 * ACCOUNTS}")
            # Each account was decided twice (alone, then in the batch): every verdict and route
            # action counted as icpc eval's lines have them.
            want = {}
            for line in expected:
                decision = json.loads(line)
                key = (f'icp_decisions_total{{profile="{profile}",verdict="{decision["verdict"]}",'
                       f'action="{decision["route"]["action"]}"}}')
                want[key] = want.get(key, 0) + 2
            got = {k: v for k, v in samples.items() if k.startswith(f'icp_decisions_total{{profile="{profile}"')}
            check(got == want, f"icp_decisions_total by verdict and action: {got}, expected {want}")
        finally:
            check(server.stop() == 0, "the server exits 0 on SIGTERM")
    finish()


if __name__ == "__main__":
    main()
