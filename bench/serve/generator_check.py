#!/usr/bin/python3
"""bench/serve/generator_check.py: bench_constant_rate against scripted servers, its method
checked rather than timed (the ctest `bench_constant_rate_check`). Input: the build folder.
Output: exit 0, or a message naming the check that failed.

  stall     the server stalls 300 ms once: the requests that fell due meanwhile are charged
            for the wait (latency from each due time, not from each send)
  silent    the server never answers: every request due is counted, as a timeout
  close     the server closes each connection after its response and its bodies name another
            program than their header: all answered over new connections, every body counted

Standard library only; run by Debian's /usr/bin/python3.
"""
import json
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True

STALL_AFTER, STALL_FOR = 0.5, 0.3  # seconds after the first request; how long


class Scripted(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode):
        self.mode, self.first, self.stalled, self.lock = mode, None, False, threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        while True:
            length = self.read_head()
            if length is None:
                return
            self.rfile.read(length)
            if server.mode == "silent":
                continue
            with server.lock:  # one stall holds every connection back
                now = time.monotonic()
                server.first = server.first or now
                if server.mode == "stall" and not server.stalled and now - server.first > STALL_AFTER:
                    server.stalled = True
                    time.sleep(STALL_FOR)
            body = b'{"program":"q"}' if server.mode == "close" else b'{"program":"p"}'
            close = b"Connection: close\r\n" if server.mode == "close" else b""
            self.wfile.write(b"HTTP/1.1 200 OK\r\nICP-Program: p\r\n%sContent-Length: %d\r\n\r\n%s"
                             % (close, len(body), body))
            self.wfile.flush()
            if close:
                return

    def read_head(self):
        """The request's Content-Length, or None when the client left."""
        length = 0
        while True:
            line = self.rfile.readline()
            if not line:
                return None
            if line in (b"\r\n", b"\n"):
                return length
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)


def generate(build, mode, rate, seconds, connections, timeout=10):
    """One bench_constant_rate run against a fresh scripted server; its BENCH-SERVE result."""
    server = Scripted(mode)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as bodies:
        bodies.write('{"id":"a"}\n{"id":"b"}\n')
        bodies.flush()
        cmd = [build / "bench/bench_constant_rate", "--port", server.server_address[1], "--path", "/x",
               "--bodies", bodies.name, "--rate", rate, "--duration", seconds, "--warmup", 0,
               "--connections", connections, "--timeout", timeout]
        proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)
    server.shutdown()
    server.server_close()
    marked = [line for line in proc.stdout.splitlines() if line.startswith("BENCH-SERVE ")]
    if proc.returncode != 0 or not marked:
        raise SystemExit(f"generator_check: {mode}: bench_constant_rate failed ({proc.returncode}): {proc.stderr}")
    return json.loads(marked[0][len("BENCH-SERVE "):])


def expect(mode, what, ok, result):
    if not ok:
        raise SystemExit(f"generator_check: {mode}: expected {what}; got:\n{json.dumps(result, indent=1)}")


def main():
    build = Path(sys.argv[1]).resolve()
    due = 200 * 1.5
    r = generate(build, "stall", rate=200, seconds=1.5, connections=4)
    expect("stall", f"{due:.0f} answered, no error", r["requests"] == due and not any(r["errors"].values()), r)
    # 60 requests fall due in the stall: from their due times they waited up to 300 ms. From
    # their sends only the 4 in flight did, and the p90 (the 30th longest) would be short.
    expect("stall", "p90 ≥ 100 ms and max ≥ 250 ms (latency from due times)",
           r["latency_us"]["p90"] >= 100_000 and r["latency_us"]["max"] >= 250_000, r)
    expect("stall", "the queue seen as lag behind the schedule (max ≥ 200 ms)", r["schedule_lag_us"]["max"] >= 200_000, r)
    expect("stall", "every header and body naming p", r["programs"] == {"p": due} and r["body_program_mismatches"] == 0, r)

    r = generate(build, "silent", rate=50, seconds=1, connections=2, timeout=0.3)
    expect("silent", "no response and all 50 requests due counted as timeouts",
           r["requests"] == 0 and r["errors"]["timeout"] == 50 and r["statuses"] == {}, r)

    r = generate(build, "close", rate=100, seconds=1, connections=2)
    expect("close", "100 answered over new connections, no error",
           r["requests"] == 100 and not any(r["errors"].values()) and r["statuses"] == {"200": 100}, r)
    expect("close", "every body counted as naming another program than its header", r["body_program_mismatches"] == 100, r)
    print("generator_check: stall, silent and close: as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
