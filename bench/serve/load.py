"""bench/serve/load.py: one load run against a server and its result: wrk (Debian's, 4.1) with
wrk/decide.lua, or bench_constant_rate (constant_rate.cpp: wrk2's open loop, requests spread
evenly, latency from each due time). Input: the server's address, the request bodies, the
load's shape (connections, duration or until stopped, a constant rate, response checks), the
CPUs to pin the generator to. Output: a dict of what the generator counted (requests, errors,
statuses, program ids seen, latency percentiles; both write the same keys), with the
generator's own CPU time and the server's over the same interval."""
import json
import os
import signal
import subprocess
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk" / "decide.lua"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of a running process, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


NICE = 0  # the niceness the servers and wrk run at (bench/serve/run --nice)


def pinned(cmd, cpus):
    """`cmd` run on the given CPUs (a taskset list such as "1" or "0,1"), or anywhere when None,
    at niceness NICE."""
    niced = ["nice", "-n", str(NICE)] if NICE else []
    return niced + (["taskset", "-c", cpus] if cpus else []) + [str(c) for c in cmd]


class Load:
    """One wrk run's settings."""

    def __init__(self, bodies, path, content_type, threads=1, connections=16, seconds=10, rate=None,
                 check=False, expect_bytes=None, cpus=None):
        self.bodies, self.path, self.content_type = bodies, path, content_type
        self.threads, self.connections, self.seconds = threads, connections, seconds
        self.rate, self.check, self.expect_bytes, self.cpus = rate, check, expect_bytes, cpus

    def command(self, port):
        cmd = ["wrk", "-t", self.threads, "-c", max(self.connections, self.threads), "-d", f"{self.seconds}s",
               "--timeout", "10s", "-s", SCRIPT, f"http://127.0.0.1:{port}", "--", self.bodies, self.path,
               self.content_type]
        if self.rate:
            cmd.append(f"rate={self.rate / self.threads:.3f}")
        if self.check:
            cmd.append("check")
        if self.expect_bytes is not None:
            cmd.append(f"expect-bytes={self.expect_bytes}")
        return pinned(cmd, self.cpus)


class Paced:
    """One bench_constant_rate run's settings: `rate` requests/s spread evenly over
    `connections` keep-alive connections for `seconds`, after `warmup` seconds sent and
    checked but not timed; every response checked."""

    def __init__(self, generator, bodies, path, content_type, rate, connections=64, seconds=10, warmup=2,
                 expect_bytes=None, cpus=None):
        self.generator, self.bodies, self.path, self.content_type = generator, bodies, path, content_type
        self.rate, self.connections, self.seconds, self.warmup = rate, connections, seconds, warmup
        self.expect_bytes, self.cpus = expect_bytes, cpus

    def command(self, port):
        cmd = [self.generator, "--port", port, "--path", self.path, "--bodies", self.bodies, "--content-type",
               self.content_type, "--rate", f"{self.rate:.3f}", "--connections", self.connections,
               "--duration", self.seconds, "--warmup", self.warmup, "--timeout", 10]
        if self.expect_bytes is not None:
            cmd += ["--expect-bytes", self.expect_bytes]
        return pinned(cmd, self.cpus)


def start(load, server):
    """Starts the load (a Load: wrk, or a Paced: bench_constant_rate) against `server` (a
    servers.Server); returns a handle for finish()."""
    out = open(server.work / f"wrk-{os.getpid()}-{time.monotonic_ns()}.out", "w+")
    handle = {"out": out, "server_cpu": cpu_seconds(server.pid), "started": time.monotonic()}
    handle["proc"] = subprocess.Popen(load.command(server.port), stdout=out, stderr=subprocess.STDOUT)
    return handle


def stop(handle):
    """Asks the generator to stop now (SIGINT: wrk prints its summary and runs done();
    bench_constant_rate stops sending, waits for the responses due and prints its line)."""
    handle["proc"].send_signal(signal.SIGINT)


def finish(handle, server):
    """Waits for the generator, returns its result with its CPU seconds (`wrk_cpu`, whichever
    generator ran) and the server's."""
    proc = handle["proc"]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - handle["started"]
    server_cpu = cpu_seconds(server.pid) - handle["server_cpu"]
    out = handle["out"]
    out.seek(0)
    text = out.read()
    out.close()
    os.unlink(out.name)
    marked = [line for line in text.splitlines() if line.startswith("BENCH-SERVE ")]
    if proc.returncode not in (0, -signal.SIGINT) or not marked:
        raise SystemExit(f"bench/serve: `{' '.join(map(str, proc.args))}` failed ({proc.returncode}):\n{text[-2000:]}")
    result = json.loads(marked[-1][len("BENCH-SERVE "):])
    result["seconds"] = result["duration_us"] / 1e6
    result["rate"] = result["requests"] / result["seconds"]
    result["wrk_cpu"] = usage.ru_utime + usage.ru_stime
    result["server_cpu"] = server_cpu
    result["wall"] = wall
    return result


def run(load, server):
    return finish(start(load, server), server)


def failures(result):
    """What went wrong in a run, as text (empty: nothing): socket errors, timeouts, any status
    other than 2xx (counted by the script with `check`, else wrk's count of 4xx/5xx), bodies
    naming another program than their header, bodies of the wrong length."""
    problems = [f"{count} {kind} errors" for kind, count in result["errors"].items() if count]
    bad = {status: count for status, count in result["statuses"].items() if not status.startswith("2")}
    if bad:
        problems.append("non-2xx responses: " + ", ".join(f"{count} × {status}" for status, count in sorted(bad.items())))
    if result["body_program_mismatches"]:
        problems.append(f"{result['body_program_mismatches']} bodies name another program than their ICP-Program header")
    if result["wrong_length"]:
        problems.append(f"{result['wrong_length']} bodies of an unexpected length")
    if result["requests"] == 0:
        problems.append("no request completed")
    return "; ".join(problems)
