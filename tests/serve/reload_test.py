"""Hot reload of `icpc serve` under load: a good version is swapped in; a broken one keeps the
last good program serving, its error visible in the log, /v1/profiles and /metrics; a
half-written file, an editor's rename-over, a delete-and-recreate, SIGHUP, POST
/v1/admin/reload and polling. Every response meanwhile is a 200 naming a program that was
serving. Usage: reload_test.py ICPC SOURCE_DIR"""

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

from serve_lib import Server, check, finish, hammer, start_thread, wait_for

ICPC, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
PROFILE = "mid-market-security"
with open(os.path.join(SOURCE, "examples", f"{PROFILE}.icp"), encoding="utf-8") as original:
    V1 = original.read()
V2, V3, V4 = (V1.replace('"2026.4"', f'"2026.{n}"') for n in (5, 6, 7))
BROKEN = V1.replace("tier 1", "tier one", 1)
with open(os.path.join(SOURCE, "examples", "data", "mid-market-accounts.jsonl"), "rb") as accounts:
    RECORD = accounts.readline()


def write_in_place(path, text):
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def write_by_rename(path, text):
    """As editors save: a new file renamed over the old one."""
    temporary = path + ".swp"
    write_in_place(temporary, text)
    os.replace(temporary, path)


def serving(server):
    _, profiles = server.json("/v1/profiles")
    return profiles["profiles"][0]


def wait_serving(server, version, what):
    got = wait_for(lambda: serving(server)["version"] == version and serving(server))
    check(got, f"{what}: version {version} is not served (now {serving(server)['version']})")
    return got


def decided_by(server):
    status, headers, body = server.decide(PROFILE, RECORD)
    return status, headers.get("icp-program"), json.loads(body).get("program") if status == 200 else None


def test_watching(work, extra_args, label):
    path = os.path.join(work, f"{PROFILE}.icp")
    write_in_place(path, V1)
    server = Server(ICPC, [path, "--threads", "2", *extra_args])
    stop, seen, failures = threading.Event(), set(), []
    good = {serving(server)["program"]}
    load = [start_thread(hammer, server, PROFILE, RECORD, stop, seen, failures) for _ in range(2)]
    try:
        # A good version, saved by an editor's rename-over.
        write_by_rename(path, V2)
        good.add(wait_serving(server, "2026.5", f"{label}: rename-over")["program"])
        check(decided_by(server)[1:] == (serving(server)["program"],) * 2, f"{label}: decisions name the new program")
        # A broken version: the last good program keeps serving; the error is visible.
        write_in_place(path, BROKEN)
        failed = wait_for(lambda: serving(server)["last_error"])
        check(failed and "error" in failed, f"{label}: the broken version's error is not in /v1/profiles")
        check(serving(server)["version"] == "2026.5", f"{label}: the last good program no longer serves")
        check("error: reload `mid-market-security`" in server.log(), f"{label}: the failed reload is not logged")
        samples = server.metrics()
        check(samples.get(f'icp_profile_reload_error{{profile="{PROFILE}"}}') == 1, f"{label}: reload error gauge")
        check(samples.get(f'icp_reloads_total{{profile="{PROFILE}",outcome="failed"}}', 0) >= 1,
              f"{label}: failed reloads counter")
        check(server.json("/readyz")[0] == 200, f"{label}: a failed reload makes the server unready")
        # A half-written file (the writer pauses past the debounce), then its completion.
        half = len(V3) // 2
        with open(path, "w", encoding="utf-8") as out:
            out.write(V3[:half])
            out.flush()
            time.sleep(1.0)
            out.write(V3[half:])
        good.add(wait_serving(server, "2026.6", f"{label}: half-written then completed")["program"])
        check(serving(server)["last_error"] is None, f"{label}: a good reload clears the error")
        # Deleted, then created again.
        os.unlink(path)
        check(wait_for(lambda: serving(server)["last_error"]), f"{label}: a deleted file is not reported")
        check(serving(server)["version"] == "2026.6", f"{label}: a deleted file stops the last good program")
        write_in_place(path, V4)
        good.add(wait_serving(server, "2026.7", f"{label}: delete and recreate")["program"])
    finally:
        stop.set()
        for thread in load:
            thread.join()
        check(server.stop() == 0, f"{label}: the server exits 0 on SIGTERM")
    check(not failures, f"{label}: requests failed during reloads: {failures[:3]}")
    check(seen <= good and len(seen) >= 2, f"{label}: decisions named {seen - good or seen}, not only good programs")


def test_signals(work):
    path = os.path.join(work, f"{PROFILE}.icp")
    write_in_place(path, V1)
    server = Server(ICPC, [path, "--no-watch"])
    try:
        write_in_place(path, V2)
        time.sleep(0.5)
        check(serving(server)["version"] == "2026.4", "--no-watch: a change was picked up without a signal")
        server.signal(signal.SIGHUP)
        wait_serving(server, "2026.5", "SIGHUP")
        check("reload `mid-market-security` (SIGHUP): serving" in server.log(), "SIGHUP reload is not logged")
        write_in_place(path, BROKEN)
        status, _, body = server.request("POST", "/v1/admin/reload", body=b"")
        result = json.loads(body)["reloads"][0]
        check(status == 422 and result["outcome"] == "failed" and result["error"], f"admin reload of a broken file: {status}")
        check(decided_by(server)[0] == 200, "after a failed admin reload, decisions go on")
        write_in_place(path, V3)
        status, _, body = server.request("POST", "/v1/admin/reload", body=b"")
        check(status == 200 and json.loads(body)["reloads"][0]["outcome"] == "loaded", "admin reload of a good file")
        check(serving(server)["version"] == "2026.6", "admin reload: the new version serves")
    finally:
        check(server.stop() == 0, "signals: the server exits 0 on SIGTERM")


def test_failed_start(work):
    """A profile broken at start: the server runs, unready, and becomes ready once fixed."""
    path = os.path.join(work, f"{PROFILE}.icp")
    write_in_place(path, BROKEN)
    server = Server(ICPC, [path])
    try:
        status, ready = server.json("/readyz")
        check(status == 503 and ready["waiting_for"] == [PROFILE], f"broken at start: /readyz {status} {ready}")
        check(server.decide(PROFILE, RECORD)[0] == 503, "broken at start: decisions answer 503")
        write_by_rename(path, V1)
        check(wait_for(lambda: server.json("/readyz")[0] == 200), "fixed: the server becomes ready")
        check(decided_by(server)[0] == 200, "fixed: decisions answer")
    finally:
        check(server.stop() == 0, "failed start: the server exits 0 on SIGTERM")


def main():
    work = tempfile.mkdtemp()
    try:
        test_watching(work, [], "inotify")
        test_watching(work, ["--poll"], "polling")
        test_signals(work)
        test_failed_start(work)
    finally:
        shutil.rmtree(work)
    finish()


if __name__ == "__main__":
    main()
