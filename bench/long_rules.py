#!/usr/bin/env python3
# Long and deep rules for the cost rows of docs/reliability.md ("Costs", rules): generated
# blocklists, chains of `and`/`or`/`+`, long lists and many declarations.
# Input: a shape and a size. Output: a profile on stdout (`generate`), or the table of
# `icpc check`/`build`/`fmt` wall time and peak RSS at two sizes ten times apart (`measure`).
#
#   bench/long_rules.py generate or_chain 10000 > big.icp
#   bench/long_rules.py measure --icpc build/tools/icpc/icpc [--sizes 10000,100000] [--shapes or_chain,list]
import argparse
import os
import re
import subprocess
import sys
import tempfile

HEADER = """profile "Long rules" {
  owner    "ops@example.com"
  reviewed 2026-01-01
}

account {
  employees: int
  country:   country
  tech:      set<string>
}

"""

ROUTE = """
route {
  when excluded -> disqualify
  when tier == 1 -> queue "ae"
  else -> ignore
}
"""


def blocklist(n, joiner):
    # The generated blocklist of issue 12: `id == "a0" or id == "a1" or ...`, 8 terms a line.
    terms = [f'id == "acct-{i}"' for i in range(n)]
    lines = [f" {joiner} ".join(terms[i:i + 8]) for i in range(0, n, 8)]
    return f"\n    {joiner} ".join(lines)


def profile(shape, n):
    body = ""
    if shape == "or_chain":
        body = f"exclude blocked when {blocklist(n, 'or')}\n\ncriterion large = employees >= 200\n"
        tier = "large"
    elif shape == "and_chain":
        terms = [f"employees != {i}" for i in range(n)]
        lines = [" and ".join(terms[i:i + 8]) for i in range(0, n, 8)]
        body = "criterion large = " + "\n    and ".join(lines) + "\n"
        tier = "large"
    elif shape == "plus_chain":
        terms = ["employees"] * n
        lines = [" + ".join(terms[i:i + 12]) for i in range(0, n, 12)]
        body = "criterion large = " + "\n    + ".join(lines) + " >= 200\n"
        tier = "large"
    elif shape == "list":
        items = [f'"acct-{i}"' for i in range(n)]
        lines = [", ".join(items[i:i + 8]) for i in range(0, n, 8)]
        body = "let blocked_ids = [\n  " + ",\n  ".join(lines) + "\n]\n\n"
        body += "exclude blocked when id in blocked_ids\n\ncriterion large = employees >= 200\n"
        tier = "large"
    elif shape == "criteria":
        # Many declarations: n criteria, each reading the one declared after it.
        body = "".join(f"criterion c{i} = c{i + 1} or employees == {i}\n" for i in range(n))
        body += f"criterion c{n} = employees >= 200\n"
        tier = "c0"
    else:
        raise SystemExit(f"unknown shape `{shape}`")
    return HEADER + body + f'\ntier 1 "Fit" = {tier}\n' + ROUTE


def timed(command, cwd):
    # Wall seconds and peak RSS (KiB) of one run, from GNU time's verbose report.
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    # GNU time says "Exit status: 0" for a process a signal killed: report the signal.
    signal = re.search(r"Command terminated by signal (\d+)", result.stderr)
    status = re.search(r"Exit status: (\d+)", result.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    outcome = f"signal {signal.group(1)}" if signal else status.group(1) if status else str(result.returncode)
    return seconds, int(rss.group(1)), outcome


def measure(args):
    icpc = os.path.abspath(args.icpc)
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| input | size | bytes | command | exit | wall s | peak RSS MiB |")
    print("|---|---:|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as work:
        for shape in args.shapes.split(","):
            for n in sizes:
                path = os.path.join(work, f"{shape}_{n}.icp")
                with open(path, "w") as out:
                    out.write(profile(shape, n))
                size = os.path.getsize(path)
                commands = {
                    "check": [icpc, "check", path],
                    "build": [icpc, "build", path, "--output", os.path.join(work, "out.icpb")],
                    "fmt": [icpc, "fmt", "--check", path],
                }
                for name, command in commands.items():
                    wall, rss, status = timed(command, work)
                    print(f"| {shape} | {n:,} | {size:,} | {name} | {status} | {wall:.2f} | {rss / 1024:.1f} |")
                    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("shape", choices=["or_chain", "and_chain", "plus_chain", "list", "criteria"])
    gen.add_argument("n", type=int)
    run = sub.add_parser("measure")
    run.add_argument("--icpc", default="build/tools/icpc/icpc")
    run.add_argument("--sizes", default="10000,100000")
    run.add_argument("--shapes", default="or_chain,and_chain,plus_chain,list,criteria")
    args = parser.parse_args()
    if args.command == "generate":
        sys.stdout.write(profile(args.shape, args.n))
    else:
        measure(args)


if __name__ == "__main__":
    main()
