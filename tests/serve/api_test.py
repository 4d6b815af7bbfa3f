"""`icpc serve` end to end: every endpoint and every error, each bad request followed by a
correct answer; single decisions, audits and batches byte-identical to `icpc eval`.
Usage: api_test.py ICPC SOURCE_DIR"""

import datetime
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from serve_lib import AS_OF, Server, check, finish, icpc_eval, raw_exchange

ICPC, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLES = os.path.join(SOURCE, "examples")
PROFILES = ["enterprise-platform", "mid-market-security", "plg-smb"]


def data_file(profile):
    stem = {"enterprise-platform": "enterprise", "mid-market-security": "mid-market"}.get(profile, profile)
    return os.path.join(EXAMPLES, "data", f"{stem}-accounts.jsonl")


def expected_stream(path, decisions, rejections):
    """What the batch endpoint answers: decisions, each rejection's line in its place."""
    out, next_decision = [], iter(decisions)
    with open(path, encoding="utf-8") as records:
        for number, line in enumerate(records, start=1):
            if number in rejections:
                out.append(rejections[number])
            elif line.strip():
                out.append(next(next_decision))
    return "".join(out).encode()


def ok_after(server, what):
    """The server still answers a correct request, on a new connection."""
    with open(data_file("mid-market-security"), "rb") as records:
        record = records.readline()
    status, _, _ = server.decide("mid-market-security", record)
    check(status == 200, f"after {what}: a correct request answers {status}")


def test_single_decisions(server):
    for profile in PROFILES:
        path = data_file(profile)
        for audit in (False, True):
            decisions, rejections = icpc_eval(ICPC, f"{profile}.icp", path, audit=audit, cwd=EXAMPLES)
            next_decision = iter(decisions)
            conn = server.connection()
            with open(path, "rb") as records:
                for number, record in enumerate(records, start=1):
                    if not record.strip():
                        continue
                    query = f"as_of={AS_OF}" + ("&audit=true" if audit else "")
                    status, headers, body = server.decide(profile, record, query=query, connection=conn)
                    if number in rejections:
                        error = json.loads(rejections[number])
                        rid = f"`{error['id']}`" if error["id"] else "(no readable id)"
                        got = json.loads(body)["error"]
                        check(status == 400, f"{profile}:{number}: a rejected record answers {status}")
                        check(got["message"] == f"record {rid} rejected: {error['message']}",
                              f"{profile}:{number}: message {got['message']!r} is not icpc eval's {error['message']!r}")
                        for key in ("field", "expected", "found"):
                            check(got[key] == error[key], f"{profile}:{number}: {key} {got[key]!r} != {error[key]!r}")
                        check(got["record"] == (error["id"] or None), f"{profile}:{number}: record id")
                        continue
                    expected = next(next_decision).encode()
                    check(status == 200 and body == expected,
                          f"{profile}:{number} (audit={audit}): {status} {body[:120]!r} is not icpc eval's line")
                    check(headers.get("icp-program") == json.loads(expected)["program"],
                          f"{profile}:{number}: ICP-Program header")
            conn.close()


def test_default_as_of(server):
    with open(data_file("mid-market-security"), "rb") as records:
        record = records.readline()
    status, _, body = server.decide("mid-market-security", record, query="")
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    check(status == 200 and json.loads(body)["as_of"] == today, f"default as_of is today (UTC): {body[:200]!r}")


def test_decide_all(server):
    with open(data_file("mid-market-security"), "rb") as records:
        record = records.readline()
    status, headers, body = server.request("POST", f"/v1/decide?as_of={AS_OF}", body=record,
                                           headers={"Content-Type": "application/json"})
    check(status == 200, f"POST /v1/decide answers {status}")
    results = json.loads(body)["results"]
    check([r["profile"] for r in results] == PROFILES, f"POST /v1/decide order: {[r['profile'] for r in results]}")
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl") as one:
        one.write(record)
        one.flush()
        programs = []
        for result in results:
            decisions, rejections = icpc_eval(ICPC, f"{result['profile']}.icp", one.name, cwd=EXAMPLES)
            if decisions:
                # The decision is embedded byte for byte: compare its text.
                start = body.index(b'"decision":', body.index(f'"profile":"{result["profile"]}"'.encode())) + 11
                check(body[start:start + len(decisions[0]) - 1] == decisions[0].rstrip("\n").encode(),
                      f"POST /v1/decide: {result['profile']}'s decision is not icpc eval's")
                programs.append(f"{result['profile']}={result['decision']['program']}")
            else:
                check("rejected" in result and rejections, f"POST /v1/decide: {result['profile']} rejects as eval does")
                programs.append(f"{result['profile']}={json.loads(server.request('GET', '/v1/profiles')[2])['profiles'][PROFILES.index(result['profile'])]['program']}")
        check(headers.get("icp-program") == ", ".join(programs), f"POST /v1/decide ICP-Program: {headers.get('icp-program')}")
    status, _, body = server.request("POST", f"/v1/decide?as_of={AS_OF}", body=b'{"id":"x"',
                                     headers={"Content-Type": "application/json"})
    check(status == 400, f"POST /v1/decide with malformed JSON answers {status}")


def test_batches(server):
    for profile in PROFILES:
        path = data_file(profile)
        decisions, rejections = icpc_eval(ICPC, f"{profile}.icp", path, cwd=EXAMPLES)
        expected = expected_stream(path, decisions, rejections)
        with open(path, "rb") as records:
            body = records.read()
        status, headers, got = server.request("POST", f"/v1/decide/{profile}/batch?as_of={AS_OF}", body=body,
                                              headers={"Content-Type": "application/x-ndjson"})
        check(status == 200 and got == expected, f"batch {profile}: {status}, not icpc eval's stream")
        check(headers.get("transfer-encoding") == "chunked", f"batch {profile}: the response is chunked")
        # The same body sent chunked, in uneven pieces.
        pieces = [body[i:i + 97] for i in range(0, len(body), 97)]
        conn = server.connection()
        conn.request("POST", f"/v1/decide/{profile}/batch?as_of={AS_OF}", body=iter(pieces),
                     headers={"Content-Type": "application/x-ndjson"}, encode_chunked=True)
        response = conn.getresponse()
        got = response.read()
        check(response.status == 200 and got == expected, f"chunked batch {profile}: not icpc eval's stream")
        # Keep-alive after a batch: the same connection answers again.
        status, _, _ = server.request("GET", "/healthz", connection=conn)
        check(status == 200, f"after a batch, the connection answers {status}")
        conn.close()


def test_hostile_batch(server, work):
    """Malformed, deeply nested and long records inside one batch: each rejected in place, as
    icpc eval rejects it from the same bytes, every good record around them still decided,
    and the server answering after. (A body over --max-batch-body: test_errors.)"""
    profile = "mid-market-security"
    with open(data_file(profile), "rb") as records:
        good = [line for line in records.read().splitlines(keepends=True) if line.strip()][:3]
    body = (good[0] + b'{"id":"malformed","employees":\n'
            + b'{"id":"deep","x":' + b"[" * 3000 + b"]" * 3000 + b"}\n"
            + good[1] + b'{"id":"long","note":"' + b"x" * 6000 + b'"' + b" " * 3000 + b"}\n" + good[2])
    path = os.path.join(work, "hostile.jsonl")
    with open(path, "wb") as out:
        out.write(body)
    decisions, rejections = icpc_eval(ICPC, f"{profile}.icp", path, cwd=EXAMPLES)
    check(len(decisions) == 3 and len(rejections) == 3, f"icpc eval of the hostile batch: {len(decisions)} decided, "
          f"{len(rejections)} rejected")
    status, _, got = server.request("POST", f"/v1/decide/{profile}/batch?as_of={AS_OF}", body=body,
                                    headers={"Content-Type": "application/x-ndjson"})
    check(status == 200 and got == expected_stream(path, decisions, rejections),
          f"hostile batch: {status}, not icpc eval's stream: {got[:300]!r}")
    ok_after(server, "a hostile batch")


def test_reads(server):
    status, profiles = server.json("/v1/profiles")
    check(status == 200 and [p["name"] for p in profiles["profiles"]] == PROFILES, "GET /v1/profiles names")
    for profile in profiles["profiles"]:
        for key in ("file", "profile", "version", "owner", "program", "loaded_at"):
            check(profile.get(key), f"/v1/profiles: {profile['name']} has no {key}")
        check(profile["last_error"] is None, f"/v1/profiles: {profile['name']} has an error")
    check(server.json("/healthz") == (200, {"status": "ok"}), "GET /healthz")
    status, ready = server.json("/readyz")
    check(status == 200 and ready["ready"] is True, f"GET /readyz: {status} {ready}")
    samples = server.metrics()
    for name in ('icp_http_requests_total{endpoint="decide",status="200"}',
                 'icp_http_requests_total{endpoint="decide",status="400"}',
                 'icp_http_requests_total{endpoint="batch",status="200"}',
                 'icp_decisions_total{profile="mid-market-security",verdict="tier",action="queue"}',
                 'icp_rejected_records_total{profile="mid-market-security"}',
                 'icp_reloads_total{profile="plg-smb",outcome="loaded"}',
                 'icp_request_duration_seconds_count{endpoint="decide"}',
                 'icp_open_connections'):
        check(name in samples, f"/metrics has no {name}")
    for profile in profiles["profiles"]:
        info = (f'icp_program_info{{profile="{profile["name"]}",program="{profile["program"]}",'
                f'version="{profile["version"]}",owner="{profile["owner"]}"}}')
        check(samples.get(info) == 1, f"/metrics has no {info}")
    buckets = [v for k, v in samples.items() if k.startswith('icp_request_duration_seconds_bucket{endpoint="decide"')]
    check(buckets == sorted(buckets), "histogram buckets are cumulative")
    check(samples.get('icp_request_duration_seconds_bucket{endpoint="decide",le="+Inf"}') ==
          samples.get('icp_request_duration_seconds_count{endpoint="decide"}'), "+Inf bucket equals _count")


def test_errors(server):
    conn = server.connection()
    record = open(data_file("mid-market-security"), "rb").readline()
    cases = [
        ("unknown path", "GET", "/v1/nothing", None, {}, 404),
        ("unknown profile", "POST", "/v1/decide/nobody", record, {"Content-Type": "application/json"}, 404),
        ("unknown profile (batch)", "POST", "/v1/decide/nobody/batch", record, {"Content-Type": "application/x-ndjson"}, 404),
        ("wrong method", "GET", "/v1/decide/plg-smb", None, {}, 405),
        ("wrong method (profiles)", "POST", "/v1/profiles", b"", {}, 405),
        ("wrong content type", "POST", "/v1/decide/plg-smb", record, {"Content-Type": "text/plain"}, 415),
        ("no content type", "POST", "/v1/decide/plg-smb", record, {}, 415),
        ("batch content type", "POST", "/v1/decide/plg-smb/batch", record, {"Content-Type": "application/json"}, 415),
        ("malformed JSON", "POST", "/v1/decide/plg-smb", b'{"id": "a", ', {"Content-Type": "application/json"}, 400),
        ("not an object", "POST", "/v1/decide/plg-smb", b'[1,2]', {"Content-Type": "application/json"}, 400),
        ("bad field", "POST", "/v1/decide/mid-market-security", b'{"id":"a","employees":"many"}',
         {"Content-Type": "application/json"}, 400),
        # An ignored key holding arrays 30,000 deep (under --max-body): the depth limit's 400,
        # never a crash of the server.
        ("deeply nested", "POST", "/v1/decide/plg-smb", b'{"id":"deep","x":' + b"[" * 30000 + b"]" * 30000 + b"}",
         {"Content-Type": "application/json"}, 400),
        ("bad as_of", "POST", "/v1/decide/plg-smb?as_of=2026-13-45", record, {"Content-Type": "application/json"}, 400),
        ("bad audit", "POST", "/v1/decide/plg-smb?audit=yes", record, {"Content-Type": "application/json"}, 400),
        ("unknown parameter", "POST", "/v1/decide/plg-smb?asof=2026-01-01", record, {"Content-Type": "application/json"}, 400),
        ("body over --max-body", "POST", "/v1/decide/plg-smb", b'{"id":"' + b"x" * 70000 + b'"}',
         {"Content-Type": "application/json"}, 413),
    ]
    for name, method, path, body, headers, want in cases:
        try:
            status, got_headers, got = server.request(method, path, body=body, headers=headers, connection=conn)
        except (OSError, http.client.HTTPException) as error:
            check(False, f"{name}: {error}")
            conn.close()
            conn = server.connection()
            continue
        check(status == want, f"{name}: {status}, expected {want}: {got[:200]!r}")
        error = json.loads(got).get("error", {}) if got else {}
        check(error.get("status") == want and error.get("message"), f"{name}: the body is not a JSON error: {got[:200]!r}")
        if want == 405:
            check(got_headers.get("allow") in ("GET", "POST"), f"{name}: no Allow header")
        if got_headers.get("connection") == "close" or want == 413:
            conn.close()
            conn = server.connection()
        ok_after(server, name)
    bad_field = server.decide("mid-market-security", b'{"id":"a","employees":"many"}')
    error = json.loads(bad_field[2])["error"]
    check(error["message"] == 'record `a` rejected: `employees`: expected an integer, found "many"' and
          error["field"] == "employees" and error["expected"] == "an integer" and error["found"] == '"many"',
          f"bad field error: {error}")
    # Below HTTP: a malformed request line, headers over 16 KiB, a stray chunk size.
    for name, data, want in [
        ("malformed request line", b"NOT HTTP\r\n\r\n", b" 400 "),
        ("headers too large", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", b" 431 "),
        ("bad chunk", b"POST /v1/decide/plg-smb HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", b" 400 "),
    ]:
        answer = raw_exchange(server.port, data)
        check(want in answer.split(b"\r\n", 1)[0], f"{name}: {answer[:80]!r}")
        ok_after(server, name)
    # A batch over --max-batch-body, announced by Content-Length: 413 before anything is decided.
    status, _, _ = server.request("POST", "/v1/decide/mid-market-security/batch", body=record * 200,
                                  headers={"Content-Type": "application/x-ndjson"})
    check(status == 413, f"batch over --max-batch-body answers {status}")
    ok_after(server, "a batch over the limit")
    # The same, chunked: the decisions so far, then an error line, and no last chunk. The 200
    # went out first, but /metrics counts the batch under the status of its error line.
    batch_413 = 'icp_http_requests_total{endpoint="batch",status="413"}'
    before_413 = server.metrics().get(batch_413, 0)
    conn = server.connection()
    conn.request("POST", f"/v1/decide/mid-market-security/batch?as_of={AS_OF}", body=iter([record] * 200),
                 headers={"Content-Type": "application/x-ndjson"}, encode_chunked=True)
    response = conn.getresponse()
    try:
        response.read()
        check(False, "a chunked batch over the limit ends as a complete response")
    except http.client.IncompleteRead as partial:
        last = partial.partial.splitlines()[-1]
        check(json.loads(last)["error"]["status"] == 413, f"chunked batch over the limit: last line {last[:100]!r}")
    conn.close()
    ok_after(server, "a chunked batch over the limit")
    counted = server.metrics().get(batch_413, 0)
    check(counted == before_413 + 1, f"a chunked batch over the limit counted as {batch_413} {counted}, before {before_413}")


def test_stalled_client(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"POST /v1/decide/plg-smb HTTP/1.1\r\nHost: x\r\n")  # and then nothing
        start = time.time()
        closed = sock.recv(100) == b""
        check(closed and time.time() - start < 4, "a stalled client is disconnected after --timeout")
    ok_after(server, "a stalled client")


def test_connection_cap(server, cap):
    # Connections just closed by the client may still be closing on the server's side.
    time.sleep(0.5)
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(cap)]
    time.sleep(0.2)
    answer = raw_exchange(server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    check(b" 503 " in answer.split(b"\r\n", 1)[0], f"past --max-connections: {answer[:60]!r}")
    for sock in idle:
        sock.close()
    time.sleep(0.3)
    ok_after(server, "the connection cap")


def test_admin(token_file):
    server = Server(ICPC, ["--admin-token-file", token_file, "--max-connections", "4"], cwd=EXAMPLES)
    try:
        for name, headers, want in [("no token", {}, 401), ("wrong token", {"Authorization": "Bearer nope"}, 401),
                                    ("token", {"Authorization": "Bearer s3cret-token"}, 200)]:
            status, got_headers, body = server.request("POST", "/v1/admin/reload", body=b"", headers=headers)
            check(status == want, f"admin reload, {name}: {status}")
            if want == 401:
                check(got_headers.get("www-authenticate") == "Bearer", f"admin reload, {name}: WWW-Authenticate")
            else:
                outcomes = [r["outcome"] for r in json.loads(body)["reloads"]]
                check(outcomes == ["unchanged"] * 3, f"admin reload outcomes: {outcomes}")
        test_connection_cap(server, 4)
    finally:
        check(server.stop() == 0, "the admin server exits 0 on SIGTERM")


def test_artifact(work):
    """A built .icpb serves the decisions of its source."""
    artifact = os.path.join(work, "mid-market-security.icpb")
    subprocess.run([ICPC, "build", os.path.join(EXAMPLES, "mid-market-security.icp"), "-o", artifact], check=True,
                   cwd=EXAMPLES, stdout=subprocess.DEVNULL)
    server = Server(ICPC, [artifact])
    try:
        path = data_file("mid-market-security")
        decisions, _ = icpc_eval(ICPC, "mid-market-security.icp", path, cwd=EXAMPLES)
        with open(path, "rb") as records:
            status, _, body = server.decide("mid-market-security", records.readline())
        check(status == 200 and body == decisions[0].encode(), "a served .icpb decides as its source")
    finally:
        check(server.stop() == 0, "the .icpb server exits 0 on SIGTERM")


def test_usage(work):
    """What cannot start exits 2 with the reason on stderr."""
    twin = os.path.join(work, "twin")
    os.makedirs(twin)
    shutil.copy(os.path.join(EXAMPLES, "plg-smb.icp"), twin)
    for name, args, words in [
        ("missing file", ["nothing.icp"], "nothing.icp"),
        ("bad --listen", ["--listen", "localhost", os.path.join(EXAMPLES, "plg-smb.icp")], "--listen"),
        ("missing token file", ["--admin-token-file", os.path.join(work, "none"), os.path.join(EXAMPLES, "plg-smb.icp")],
         "admin token file"),
        ("same stem twice", [os.path.join(EXAMPLES, "plg-smb.icp"), os.path.join(twin, "plg-smb.icp")], "stem"),
    ]:
        run = subprocess.run([ICPC, "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20,
                             check=False)
        check(run.returncode == 2 and words in run.stderr.decode(), f"{name}: exit {run.returncode}, {run.stderr!r}")


def main():
    server = Server(ICPC, ["--threads", "2", "--max-body", "64K", "--max-batch-body", "16K", "--timeout", "1"],
                    cwd=EXAMPLES)
    try:
        test_single_decisions(server)
        test_default_as_of(server)
        test_decide_all(server)
        test_batches(server)
        test_errors(server)
        test_stalled_client(server)
        test_reads(server)
        with tempfile.TemporaryDirectory() as work:
            test_hostile_batch(server, work)
    finally:
        check(server.stop() == 0, "the server exits 0 on SIGTERM")
    with tempfile.NamedTemporaryFile("w", suffix=".token") as token:
        token.write("s3cret-token\n")
        token.flush()
        test_admin(token.name)
    with tempfile.TemporaryDirectory() as work:
        test_artifact(work)
        test_usage(work)
    finish()


if __name__ == "__main__":
    main()
