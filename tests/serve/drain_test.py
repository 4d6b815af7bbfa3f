"""SIGTERM drains `icpc serve`: requests in flight (a batch still uploading, a single account
whose body is half sent) are answered in full, idle connections are closed, new connections
are refused, and the process exits 0. Usage: drain_test.py ICPC SOURCE_DIR"""

import os
import signal
import socket
import sys
import time

from serve_lib import AS_OF, Server, check, finish, icpc_eval, start_thread

ICPC, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLES = os.path.join(SOURCE, "examples")
PROFILE = "mid-market-security"
DATA = os.path.join(EXAMPLES, "data", "mid-market-accounts.jsonl")


def read_response(sock):
    """The whole response on a Connection: close exchange."""
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def dechunk(body):
    out, rest = b"", body
    while True:
        size_line, rest = rest.split(b"\r\n", 1)
        size = int(size_line, 16)
        if size == 0:
            return out
        out, rest = out + rest[:size], rest[size + 2:]


def slow_batch(port, lines, result):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(f"POST /v1/decide/{PROFILE}/batch?as_of={AS_OF} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        for i, line in enumerate(lines):
            sock.sendall(f"{len(line):x}\r\n".encode() + line + b"\r\n")
            if i == 2:
                time.sleep(1.0)  # SIGTERM arrives here
        sock.sendall(b"0\r\n\r\n")
        result.append(read_response(sock))


def slow_single(port, record, result):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(f"POST /v1/decide/{PROFILE}?as_of={AS_OF} HTTP/1.1\r\nHost: x\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {len(record)}\r\n\r\n".encode())
        sock.sendall(record[:20])
        time.sleep(1.0)
        sock.sendall(record[20:])
        result.append(read_response(sock))  # the server closes: it is draining


def main():
    with open(DATA, "rb") as data:
        lines = data.read().splitlines(keepends=True)
    decisions, rejections = icpc_eval(ICPC, f"{PROFILE}.icp", DATA, cwd=EXAMPLES)
    expected_batch, next_decision = b"", iter(decisions)
    for number, line in enumerate(lines, start=1):
        expected_batch += (rejections[number] if number in rejections else next(next_decision)).encode()
    server = Server(ICPC, ["--threads", "2"], cwd=EXAMPLES)
    batch, single = [], []
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    threads = [start_thread(slow_batch, server.port, lines, batch), start_thread(slow_single, server.port, lines[0], single)]
    time.sleep(0.4)
    server.signal(signal.SIGTERM)
    time.sleep(0.3)
    check(idle.recv(10) == b"", "an idle connection is not closed by the drain")
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        check(False, "a new connection is accepted while draining")
    except OSError:
        pass
    for thread in threads:
        thread.join(timeout=20)
    check(batch and batch[0].startswith(b"HTTP/1.1 200"), f"the batch in flight: {batch[:1]!r}")
    if batch:
        check(dechunk(batch[0].split(b"\r\n\r\n", 1)[1]) == expected_batch, "the batch in flight is not complete")
    check(single and single[0].startswith(b"HTTP/1.1 200"), f"the request in flight: {single[:1]!r}")
    if single:
        check(single[0].split(b"\r\n\r\n", 1)[1] == decisions[0].encode(), "the request in flight is not icpc eval's")
    code = server.process.wait(timeout=20)
    log = server.log()
    check(code == 0, f"the drained server exits {code}")
    check("draining: 2 connections open" in log or "draining: 3 connections open" in log, f"drain log: {log[-300:]}")
    check(log.rstrip().endswith("icpc serve: stopped"), "the last log line is not `stopped`")
    server.stop()
    finish()


if __name__ == "__main__":
    main()
