"""One measurement of bench/python/run, in a process of its own: the input is read untimed
(except for the whole-process forms, timed from outside), then the timed call. Input: MODE,
the artifact, the accounts (JSON Lines), as_of, threads. Output: one JSON object on stdout
({"seconds", "records", ...}); with --canonical FILE, the decisions in the cross-check form
(bench/README.md) instead of a figure.

  whole          icp.load + decide_many(path) + the lines written to /dev/null: timed whole
  many_path      decide_many(path), the call alone
  many_dicts     decide_many(list of dicts), then reading every decision as a dict
  loop           a plain Python loop calling decide(dict) per record
  frame          decide_frame(DataFrame)
  pandas_peer    the rules in pandas over the same DataFrame (peers.py)
  python_peer    the rules in a plain Python loop over the same dicts (peers.py)
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import icp  # noqa: E402  (peers, and so pandas, only where a mode needs them: `whole` is timed from outside)


def read_dicts(path: str):
    with open(path, "rb") as file:
        return [json.loads(line) for line in file]


def read_frame(path: str):
    import pandas

    return pandas.read_json(path, lines=True, dtype=False)


def timed(call):
    gc.collect()
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def icp_lines(decisions):
    import peers

    return [peers.canonical_of_decision(d) for d in decisions]


def frame_lines(frame):
    """decide_frame's rows in the cross-check form; it has no roles column (`?`, not compared)."""
    import pandas

    tiers = ["-" if pandas.isna(t) else str(int(t)) for t in frame["tier"]]
    return [f"{i}\t{'excluded:' + e if v == 'excluded' else v}\t{t}\t{int(s) if float(s).is_integer() else s}\t?\t"
            f"{'queue:' + q if a == 'queue' else a}"
            for i, v, t, e, s, a, q in zip(frame["id"], frame["verdict"], tiers, frame["excluded_by"],
                                           frame["score"], frame["route_action"], frame["queue"])]


def run(mode: str, program, path: str, as_of: str, threads: int):
    """(seconds, canonical lines or None, extra figures) of one mode."""
    if mode in ("whole", "many_path"):
        seconds, decisions = timed(lambda: program.decide_many(path, as_of, threads=threads))
        if mode == "whole":
            with open("/dev/null", "wb") as sink:
                sink.write(decisions.json_lines())
        return seconds, lambda: icp_lines(decisions), {}
    if mode == "many_dicts":
        dicts = read_dicts(path)
        seconds, decisions = timed(lambda: program.decide_many(dicts, as_of, threads=threads))
        reading, items = timed(lambda: list(decisions))
        return seconds, lambda: icp_lines(items), {"read_dicts_seconds": reading}
    if mode == "loop":
        dicts = read_dicts(path)
        seconds, items = timed(lambda: [program.decide(record, as_of) for record in dicts])
        return seconds, lambda: icp_lines(items), {}
    if mode == "frame":
        frame = read_frame(path)
        seconds, result = timed(lambda: program.decide_frame(frame, as_of, threads=threads))
        return seconds, lambda: frame_lines(result), {}
    if mode == "pandas_peer":
        import peers

        frame = read_frame(path)
        seconds, result = timed(lambda: peers.decide_pandas(frame))
        return seconds, lambda: peers.canonical_pandas(result), {}
    if mode == "python_peer":
        import peers

        dicts = read_dicts(path)
        seconds, lines = timed(lambda: [peers.decide_python(record) for record in dicts])
        return seconds, lambda: lines, {}
    raise SystemExit(f"measure.py: unknown mode {mode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode")
    parser.add_argument("artifact")
    parser.add_argument("accounts")
    parser.add_argument("as_of")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--canonical", help="write the decisions in the cross-check form to this file")
    args = parser.parse_args()
    program = icp.load(args.artifact)
    seconds, lines, extra = run(args.mode, program, args.accounts, args.as_of, args.threads)
    if args.canonical:
        Path(args.canonical).write_text("".join(line + "\n" for line in lines()))
    print(json.dumps({"seconds": seconds, **extra}))


if __name__ == "__main__":
    main()
