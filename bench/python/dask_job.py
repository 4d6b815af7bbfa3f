"""The Dask measurement of bench/python/run, in a process of its own: a distributed
LocalCluster of WORKERS worker processes (one thread each) reads the partitioned JSON Lines
files on the workers and decides them with icp.dask.decide. Input: the artifact, the
partition files, as_of, the expected SHA-256 of each partition's decision lines (icpc
eval's). Output: one JSON object on stdout: the seconds of each timed run. Every run, the
warm-up included, must give the expected digests, so no figure comes from wrong decisions."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time

import dask.bag
from distributed import Client, LocalCluster

import icp
import icp.dask


def digest(lines):
    """One partition's decision lines -> the SHA-256 of them as `icpc eval` writes them."""
    sha = hashlib.sha256()
    for line in lines:
        if isinstance(line, Exception):
            raise line
        sha.update(line.encode())
        sha.update(b"\n")
    return [sha.hexdigest()]


def read_partition(paths, run):
    """A partition's lines, read on the worker. `run` only gives each run keys of its own:
    the scheduler may still hold the results of the previous run's identical keys, and a run
    would then measure nothing."""
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            lines.extend(file)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("artifact")
    parser.add_argument("as_of")
    parser.add_argument("expected", help="a JSON list: each partition's expected SHA-256")
    parser.add_argument("partitions", nargs="+")
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    expected = json.loads(open(args.expected).read())
    program = icp.load(args.artifact)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        files = dask.bag.from_sequence(args.partitions, npartitions=len(args.partitions))
        seconds = []
        for rep in range(args.reps + 1):  # the first run warms the workers up (imports, the program)
            lines = files.map_partitions(read_partition, rep)
            job = icp.dask.decide(lines, program, args.as_of, output="json").map_partitions(digest)
            started = time.perf_counter()
            digests = job.compute()
            elapsed = time.perf_counter() - started
            if digests != expected:
                sys.exit(f"dask_job.py: run {rep}: the decisions differ from icpc eval's")
            if rep > 0:
                seconds.append(elapsed)
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
