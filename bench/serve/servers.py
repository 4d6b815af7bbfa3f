"""bench/serve/servers.py: the two servers of the benchmark and the HTTP calls the driver
makes to them. Input: the icpc binary and the profile folder, or the Node peer's script and
its node_modules; the CPUs to pin each to. Output: running servers (port, pid), their
decisions for the cross-check, the program id serving a profile, a reload."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import load

PEER = Path(__file__).resolve().parent / "node" / "server.mjs"
PROFILE = "rules"  # the served file is rules.icp: the profile is its stem


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process of ours: started pinned, stopped with SIGTERM (then SIGKILL)."""

    def __init__(self, name, cmd, work, cwd=None, ready_path=None):
        self.name, self.work, self.port = name, Path(work), None
        self.cmd, self.cwd, self.ready_path = cmd, cwd, ready_path
        self.log = self.work / f"{name.split()[0].lower()}-server.log"

    def start(self):
        self.port = free_port()
        cmd = [str(c).replace("{PORT}", str(self.port)) for c in self.cmd]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=log, cwd=self.cwd)
        self.pid = self.proc.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench/serve: {self.name} exited ({self.proc.returncode}) at start; "
                                 f"its log:\n{self.log.read_text()[-2000:]}")
            try:
                status, _, _ = request(self.port, "GET", self.ready_path or "/")
                if self.ready_path is None or status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"bench/serve: {self.name} not ready after 30 s; its log:\n{self.log.read_text()[-2000:]}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def icp_server(icpc, profile_dir, work, threads, cpus, log=None):
    """`log`: a decision log folder (`--log`, its default fsync policy), emptied first."""
    args = [icpc, "serve", f"{PROFILE}.icp", "--listen", "127.0.0.1:{PORT}", "--threads", threads]
    if log is not None:
        shutil.rmtree(log, ignore_errors=True)
        args += ["--log", log]
    cmd = load.pinned(args, cpus)
    name = f"icpc serve --threads {threads}" + (" --log" if log is not None else "")
    return Server(name, cmd, work, cwd=profile_dir, ready_path="/readyz")


def node_server(node, modules, program, work, cpus):
    cmd = load.pinned([node, PEER, "--modules", modules, "--port", "{PORT}", "--program", program, "--profile", PROFILE],
                      cpus)
    return Server("Node.js fastify peer", cmd, work)


def request(port, method, path, body=None, content_type="application/json", conn=None):
    """One HTTP request: (status, headers as a lower-cased dict, body bytes)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": content_type} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        if own:
            conn.close()


def serving_program(port):
    """The program id serving the benchmark profile, from GET /v1/profiles."""
    status, _, body = request(port, "GET", "/v1/profiles")
    if status != 200:
        raise SystemExit(f"bench/serve: GET /v1/profiles answered {status}: {body[:500]!r}")
    for entry in profile_entries(json.loads(body)):
        if entry.get("name") == PROFILE:
            return entry.get("program") or entry.get("program_id")
    raise SystemExit(f"bench/serve: GET /v1/profiles does not list `{PROFILE}`: {body[:500]!r}")


def profile_entries(listing):
    if isinstance(listing, dict):
        listing = listing.get("profiles", [])
    return [entry for entry in listing if isinstance(entry, dict)]


def reload_to(port, expected, timeout=20):
    """POST /v1/admin/reload, then waits until `expected` serves; returns the seconds taken."""
    start = time.monotonic()
    status, _, body = request(port, "POST", "/v1/admin/reload", body=b"")
    if status // 100 != 2:
        raise SystemExit(f"bench/serve: POST /v1/admin/reload answered {status}: {body[:500]!r}")
    while serving_program(port) != expected:
        if time.monotonic() - start > timeout:
            raise SystemExit(f"bench/serve: {expected} not serving {timeout} s after a reload")
        time.sleep(0.005)
    return time.monotonic() - start


def cross_check(server, accounts, reference, as_of, program, singles):
    """The server's decisions against icpc eval's, byte for byte: the first `singles` accounts
    one request each over one keep-alive connection, then every account in one batch.
    Returns a sentence saying what matched; stops the run at the first difference."""
    lines = accounts.read_bytes().splitlines(keepends=True)
    expected = reference.read_bytes().splitlines(keepends=True)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    for i, (line, want) in enumerate(zip(lines[:singles], expected)):
        status, headers, body = request(server.port, "POST", f"/v1/decide/{PROFILE}?as_of={as_of}", line.rstrip(b"\n"),
                                        conn=conn)
        header = headers.get("icp-program")
        if status != 200 or body.rstrip(b"\n") != want.rstrip(b"\n") or header != program:
            raise SystemExit(f"bench/serve: cross-check: {server.name}, account {i + 1}: status {status}, "
                             f"ICP-Program {header!r} (expected {program}),\n  got      {body[:600]!r}\n"
                             f"  expected {want[:600]!r}")
    conn.close()
    status, headers, body = request(server.port, "POST", f"/v1/decide/{PROFILE}/batch?as_of={as_of}", accounts.read_bytes(),
                                    content_type="application/x-ndjson")
    if status != 200 or body != reference.read_bytes():
        got = body.splitlines(keepends=True)
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        raise SystemExit(f"bench/serve: cross-check: {server.name}, batch of {len(lines)}: status {status}, "
                         f"{len(got)} lines for {len(expected)}; first difference at line {first + 1}:\n"
                         f"  got      {got[first][:600] if first < len(got) else b'(none)'!r}\n"
                         f"  expected {expected[first][:600] if first < len(expected) else b'(none)'!r}")
    return (f"{server.name}: {singles:,} single-account responses and a batch of {len(lines):,} byte-identical "
            f"to icpc eval's decision lines (ICP-Program {program})")


def os_cpus():
    return os.cpu_count() or 1
