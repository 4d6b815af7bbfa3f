"""Shared by the tests of `icpc serve`: start a real server on an ephemeral loopback port,
talk to it with http.client (the standard library only), and compare with `icpc eval`.
Run with Debian's /usr/bin/python3 (tests/CMakeLists.txt passes it)."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

AS_OF = "2026-11-22"
FAILURES = []


def check(condition, message):
    """Records a failure (the test goes on, so one run shows every problem)."""
    if not condition:
        FAILURES.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def finish():
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("ok")


class Server:
    """`icpc serve ARGS --listen 127.0.0.1:0`, its port read from the start line of its log."""

    def __init__(self, icpc, args, cwd=None, env=None):
        self.log_file = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.process = subprocess.Popen([icpc, "serve", "--listen", "127.0.0.1:0", *args], cwd=cwd,
                                        stdout=subprocess.DEVNULL, stderr=self.log_file, env=env)
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline and self.process.poll() is None:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if match:
                self.port = int(match.group(1))
                return
            time.sleep(0.05)
        raise RuntimeError(f"the server did not start:\n{self.log()}")

    def log(self):
        with open(self.log_file.name, encoding="utf-8", errors="replace") as log:
            return log.read()

    def connection(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, connection=None):
        """(status, headers as a dict with lower-case names, body bytes)."""
        own = connection is None
        conn = connection or self.connection()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        result = (response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        if own:
            conn.close()
        return result

    def decide(self, profile, record, query=f"as_of={AS_OF}", connection=None):
        return self.request("POST", f"/v1/decide/{profile}?{query}", body=record,
                            headers={"Content-Type": "application/json"}, connection=connection)

    def json(self, path):
        status, _, body = self.request("GET", path)
        return status, json.loads(body)

    def metrics(self):
        """{'name{labels}': value} from /metrics."""
        status, headers, body = self.request("GET", "/metrics")
        check(status == 200, f"/metrics answers {status}")
        check(headers.get("content-type", "").startswith("text/plain; version=0.0.4"), "/metrics content type")
        samples = {}
        for line in body.decode().splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                samples[name] = float(value)
        return samples

    def signal(self, number):
        self.process.send_signal(number)

    def stop(self):
        """SIGTERM, then the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -1
        finally:
            os.unlink(self.log_file.name)


def wait_for(predicate, timeout=10.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def icpc_eval(icpc, rules, input_path, audit=False, cwd=None):
    """(decision lines, {input line number: the message of its rejection}, error lines as JSON)."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as errors:
        args = [icpc, "eval", rules, "--input", input_path, "--as-of", AS_OF, "--errors", errors.name]
        if audit:
            args.append("--audit")
        out = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        check(out.returncode in (0, 1), f"icpc eval {rules} exits {out.returncode}: {out.stderr.decode()}")
        # icpc replaces the file when it is done: read it by name.
        with open(errors.name, encoding="utf-8") as written:
            error_lines = written.read().splitlines(keepends=True)
    rejections = {json.loads(line)["line"]: line for line in error_lines}
    return out.stdout.decode().splitlines(keepends=True), rejections


def raw_exchange(port, data, read_timeout=5.0):
    """Sends raw bytes, returns everything read until the server closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
        return b"".join(chunks)


def hammer(server, profile, record, stop, seen, failures):
    """Decides `record` in a loop until `stop` is set; records each program id answered."""
    conn = server.connection()
    while not stop.is_set():
        try:
            status, headers, body = server.decide(profile, record, connection=conn)
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"request failed: {error}")
            conn.close()
            conn = server.connection()
            continue
        if status != 200:
            failures.append(f"status {status}: {body[:200]!r}")
            continue
        program = json.loads(body)["program"]
        if program != headers.get("icp-program"):
            failures.append(f"body names {program}, header {headers.get('icp-program')}")
        seen.add(program)
    conn.close()


def start_thread(target, *args):
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread
