#!/usr/bin/env python3
"""CSV input for bench/rules.icp: the benchmark accounts (bench_generate_accounts) as a CRM
export would give them. Input: N and an output folder. Output: accounts.csv, signals.csv and
contacts.csv there (docs/reliability.md "Costs"). Same N, same bytes.

    bench/generate_csv.py --generator build/bench/bench_generate_accounts 1000000 /tmp/csv1m

With --hostile, every 50th account row also gets a cell with an unbalanced quote (the row
and the lines it swallows are read again), so the cost of recovery can be measured too.
"""
import argparse
import json
import os
import subprocess
import sys

COLUMNS = ["id", "employees", "revenue_musd", "naics", "country", "funding_stage", "tech", "is_customer", "notes"]


def cell(value):
    """RFC 4180: quote a cell holding a comma, a quote or a line break."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(value) or ";"  # an empty cell would be a missing set, `;` is the empty one
    text = str(value)
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generator", default="build/bench/bench_generate_accounts")
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("count", type=int)
    parser.add_argument("folder")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    generator = subprocess.Popen([args.generator, str(args.count)], stdout=subprocess.PIPE, text=True)
    with open(os.path.join(args.folder, "accounts.csv"), "w", newline="") as accounts, \
         open(os.path.join(args.folder, "signals.csv"), "w", newline="") as signals, \
         open(os.path.join(args.folder, "contacts.csv"), "w", newline="") as contacts:
        accounts.write(",".join(COLUMNS) + "\r\n")
        signals.write("account_id,type,days_ago\r\n")
        contacts.write("account_id,title\r\n")
        for number, line in enumerate(generator.stdout):
            record = json.loads(line, parse_float=str)
            # A multi-line note in one row of ten: legitimate quoted line breaks.
            record["notes"] = f"called {number % 7} times,\nlast: \"ok\"" if number % 10 == 0 else ""
            if args.hostile and number % 50 == 25:
                record["notes"] = None
                row = ",".join(cell(record.get(c)) for c in COLUMNS[:-1]) + ',"unbalanced'
            else:
                row = ",".join(cell(record.get(c)) for c in COLUMNS)
            accounts.write(row + "\r\n")
            for event in record.get("signals") or []:
                signals.write(f"{cell(record['id'])},{cell(event['type'])},{event['days_ago']}\r\n")
            for contact in record.get("contacts") or []:
                contacts.write(f"{cell(record['id'])},{cell(contact.get('title'))}\r\n")
    if generator.wait() != 0:
        sys.exit("generate_csv.py: the generator failed")


if __name__ == "__main__":
    main()
