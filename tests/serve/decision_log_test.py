"""`icpc serve --log DIR` (docs/decision-log.md): every decision is in the log before it is
answered, with the id the ICP-Decision-Id header gives, and the body stays `icpc eval`'s line;
then a server under load is killed with SIGKILL: the chain verifies (at most a torn tail), every
answered decision is in the log, and a restarted server continues the chain.
Usage: decision_log_test.py ICPC SOURCE_DIR [BENCH_GENERATE_ACCOUNTS]"""

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

from serve_lib import AS_OF, Server, check, finish, icpc_eval

ICPC, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLES = os.path.join(SOURCE, "examples")
PROFILE = "mid-market-security"


def entries(log):
    """Every whole entry of the log, parsed, in order (a torn last line is left out)."""
    out = []
    for name in sorted(n for n in os.listdir(log) if n.startswith("decisions-")):
        with open(os.path.join(log, name), encoding="utf-8") as file:
            for line in file:
                if line.endswith("\n"):
                    out.append(json.loads(line))
    return out


def raw_lines(log):
    """Every whole line of the log, as written."""
    out = []
    for name in sorted(n for n in os.listdir(log) if n.startswith("decisions-")):
        with open(os.path.join(log, name), encoding="utf-8") as file:
            out.extend(line for line in file if line.endswith("\n"))
    return out


def icpc(*args):
    return subprocess.run([ICPC, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)


def without_audit(decision):
    return decision[:decision.index(',"audit":{')] + "}" if ',"audit":{' in decision else decision


def answered_then_logged(server, log, lines, expected):
    """Each single decision is in the log by the time its answer arrives."""
    for i, line in enumerate(lines[:5]):
        status, headers, body = server.decide(PROFILE, line)
        check(status == 200 and body.decode() == expected[i], f"decision {i} is not icpc eval's line")
        # One decision: its id is the request's (no ICP-Request-Id to repeat it).
        decision_id = headers.get("icp-decision-id")
        check(decision_id and len(decision_id) == 36 and "icp-request-id" not in headers, f"headers: {headers}")
        logged = [line for line in raw_lines(log) if f'"decision_id":"{decision_id}"' in line]
        check(len(logged) == 1, f"decision {decision_id} is not in the log when answered")
        if logged:
            check('"decision":' + expected[i].rstrip("\n") + ',"seq":' in logged[0],
                  "the logged decision is not the answer, byte for byte")
            entry = json.loads(logged[0])
            check(entry["profile"] == PROFILE and entry["as_of"] == AS_OF and entry["request_id"] == decision_id,
                  f"the entry's fields: {entry}")


def every_kind_of_request(server, log, lines, expected):
    # With the audit, the answer has it; the log keeps the decision without it.
    status, headers, body = server.decide(PROFILE, lines[0], query=f"as_of={AS_OF}&audit=true")
    check(status == 200 and b'"audit":{' in body, "the audited answer")
    with open(os.path.join(log, sorted(n for n in os.listdir(log) if n.startswith("decisions-"))[-1]),
              encoding="utf-8") as file:
        last = file.read().splitlines()[-1]
    check(f'"decision_id":"{headers.get("icp-decision-id")}"' in last, "the audited decision is the last entry")
    check('"decision":' + without_audit(body.decode().rstrip("\n")) + ',"seq"' in last,
          "the logged decision is the answer without its audit")

    # Every profile: one entry per profile that decided, each id in the header.
    status, headers, body = server.request("POST", f"/v1/decide?as_of={AS_OF}", body=lines[0],
                                           headers={"Content-Type": "application/json"})
    check(status == 200, f"/v1/decide answers {status}")
    ids = dict(part.split("=", 1) for part in headers.get("icp-decision-id", "").split(", ") if part)
    decided = [r["profile"] for r in json.loads(body)["results"] if "decision" in r]
    check(sorted(ids) == sorted(decided) and decided, f"ICP-Decision-Id {ids} for {decided}")
    logged = {e["decision_id"]: e for e in entries(log)}
    for profile, decision_id in ids.items():
        check(decision_id == f'{headers["icp-request-id"]}.{profile}' and decision_id in logged,
              f"{decision_id} of {profile} is not in the log")

    # A batch: one entry per decided line, ids "<request id>.<line>", the body eval's lines.
    before = len(entries(log))
    status, headers, body = server.request("POST", f"/v1/decide/{PROFILE}/batch?as_of={AS_OF}",
                                           body="".join(lines).encode(),
                                           headers={"Content-Type": "application/x-ndjson"})
    check(status == 200 and body.decode() == "".join(expected), "the batch is not icpc eval's output")
    batch = entries(log)[before:]
    check(len(batch) == len(lines), f"{len(batch)} entries for a batch of {len(lines)}")
    check(all(e["decision_id"] == f'{headers["icp-request-id"]}.{e["line"]}' for e in batch), "batch decision ids")

    # The decision explained from the log, by the id the header gave.
    status, headers, _ = server.decide(PROFILE, lines[2])
    shown = icpc("log", "show", log, "--decision", headers["icp-decision-id"], "--color", "never")
    check(shown.returncode == 0 and b"criteria" in shown.stdout and b"acc-000003" in shown.stdout,
          f"log show: {shown.stdout[:300]!r} {shown.stderr!r}")
    samples = server.metrics()
    check(samples.get("icp_decision_log_entries_total") == len(entries(log)), "icp_decision_log_entries_total")


def hammer(server, lines, stop, answered, lock):
    """Single decisions until stopped, keeping every id answered 200."""
    conn = server.connection(timeout=10)
    i = 0
    while not stop.is_set():
        try:
            status, headers, _ = server.decide(PROFILE, lines[i % len(lines)], connection=conn)
        except (OSError, http.client.HTTPException):
            return  # killed
        if status == 200:
            with lock:
                answered.append(headers["icp-decision-id"])
        i += 1


def batches(server, lines, stop, answered, lock):
    """Batches until stopped, keeping the id of each decision line received."""
    body = "".join(lines * 200).encode()
    while not stop.is_set():
        conn = server.connection(timeout=10)
        try:
            conn.request("POST", f"/v1/decide/{PROFILE}/batch?as_of={AS_OF}", body=body,
                         headers={"Content-Type": "application/x-ndjson"})
            response = conn.getresponse()
            request_id = response.getheader("ICP-Request-Id")
            number, rest = 0, b""
            while True:
                chunk = response.read1(65536)
                if not chunk:
                    break
                rest += chunk
                *complete, rest = rest.split(b"\n")
                for line in complete:
                    number += 1
                    if line.startswith(b'{"id":'):
                        with lock:
                            answered.append(f"{request_id}.{number}")
        except (OSError, http.client.HTTPException):
            return  # killed
        finally:
            conn.close()


def killed_under_load(log, lines):
    server = Server(ICPC, [os.path.join(EXAMPLES, f"{PROFILE}.icp"), "--threads", "2", "--no-watch",
                           "--log", log, "--log-max-file-size", "256K"])
    before = len(entries(log))
    stop, lock, answered = threading.Event(), threading.Lock(), []
    threads = [threading.Thread(target=hammer, args=(server, lines, stop, answered, lock)) for _ in range(8)]
    threads.append(threading.Thread(target=batches, args=(server, lines, stop, answered, lock)))
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=20)
    os.unlink(server.log_file.name)

    verify = icpc("log", "verify", log)
    check(verify.returncode == 0 and b"intact" in verify.stdout, f"verify after kill -9: {verify.stdout!r}")
    check(verify.stdout.count(b"note: torn tail") <= 1, "at most one torn tail")
    logged = {e["decision_id"] for e in entries(log)}
    missing = [i for i in answered if i not in logged]
    check(len(answered) > 100, f"only {len(answered)} decisions were answered under load")
    check(not missing, f"{len(missing)} of {len(answered)} answered decisions are not in the log: {missing[:3]}")
    check(len(logged) - before >= len(answered), f"{len(logged) - before} entries for {len(answered)} answers")
    print(f"kill -9 under load: {len(answered)} decisions answered, {len(logged) - before} logged", file=sys.stderr)

    # Restarted on the same log: the chain goes on (a torn tail stays where it was).
    server = Server(ICPC, [os.path.join(EXAMPLES, f"{PROFILE}.icp"), "--no-watch", "--log", log])
    try:
        status, headers, _ = server.decide(PROFILE, lines[0])
        check(status == 200 and headers.get("icp-decision-id") in {e["decision_id"] for e in entries(log)},
              "a decision after the restart is logged")
    finally:
        check(server.stop() == 0, "the restarted server exits 0")
    verify = icpc("log", "verify", log)
    check(verify.returncode == 0, f"verify after the restart: {verify.stdout!r}")
    replay = icpc("replay", log)
    check(replay.returncode == 0 and b"no difference" in replay.stdout, f"replay: {replay.stdout[:300]!r}")


def main():
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "accounts.jsonl")
        with open(os.path.join(EXAMPLES, "data", "mid-market-accounts.jsonl"), encoding="utf-8") as source:
            lines = [line for line in source if '"many"' not in line]
        with open(data, "w", encoding="utf-8") as out:
            out.writelines(lines)
        expected, _ = icpc_eval(ICPC, os.path.join(EXAMPLES, f"{PROFILE}.icp"), data)
        log = os.path.join(work, "log")
        server = Server(ICPC, [EXAMPLES, "--threads", "2", "--no-watch", "--log", log])
        try:
            answered_then_logged(server, log, lines, expected)
            every_kind_of_request(server, log, lines, expected)
        finally:
            check(server.stop() == 0, "the server exits 0 on SIGTERM")
        verify = icpc("log", "verify", log)
        check(verify.returncode == 0 and b"intact" in verify.stdout, f"verify: {verify.stdout!r}")
        killed_under_load(log, lines)
    finish()


if __name__ == "__main__":
    main()
