#!/usr/bin/env python3
"""The audit's input digest, recomputed from docs/evaluation.md "Input digest" alone (no code
shared with icpc): for each account of ACCOUNTS (JSON Lines, valid against the schema of
fixtures/digest.icp, written out below), the SHA-256 of its binary encoding must equal the
"input_digest" of its decision in DECISIONS (`icpc eval --audit` output).
Usage: input_digest.py ACCOUNTS DECISIONS AS_OF. Exit 0 when every digest agrees, else 1."""
import datetime
import decimal
import hashlib
import json
import sys

# fixtures/digest.icp's `account` block, in declaration order: (name, type), an enum's
# values in declaration order; and its declared signal types, in declaration order.
FIELDS = [("employees", "int"), ("revenue", "decimal"), ("name", "string"), ("public", "bool"),
          ("founded", "date"), ("stage", ["seed", "growth"]), ("tags", "set"), ("naics", "string"),
          ("country", "string")]
SIGNAL_TYPES = ["job_post"]
EPOCH = datetime.date(1970, 1, 1)


def uleb(n):
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | 0x80 if n else low)
        if not n:
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7  # Python's >> on a negative int is arithmetic
        done = (n == 0 and not low & 0x40) or (n == -1 and low & 0x40)
        out.append(low if done else low | 0x80)
        if done:
            return bytes(out)


def string(text):
    raw = text.encode("utf-8")
    return uleb(len(raw)) + raw


def value(kind, v):
    if kind == "int":
        return sleb(v)
    if kind == "decimal":
        units = decimal.Decimal(v) * 10000
        assert units == units.to_integral_value()
        return sleb(int(units))
    if kind == "bool":
        return b"\x01" if v else b"\x00"
    if kind == "date":
        return sleb((datetime.date.fromisoformat(v) - EPOCH).days)
    if kind == "set":
        items = sorted(set(v), key=lambda item: item.encode("utf-8"))
        return uleb(len(items)) + b"".join(string(item) for item in items)
    if isinstance(kind, list):  # an enum: the value's index among the declared values
        return uleb(kind.index(v))
    return string(v)  # string, naics, country


def encode(account, as_of):
    out = b"\x01" + string(account["id"])
    for name, kind in FIELDS:
        v = account.get(name)
        out += b"\x00" if v is None else b"\x01" + value(kind, v)
    events = account.get("signals", [])
    out += uleb(len(events))
    for event in events:
        age = event["days_ago"] if "days_ago" in event else (as_of - datetime.date.fromisoformat(event["at"])).days
        kind = event["type"]
        out += uleb(SIGNAL_TYPES.index(kind) + 1) if kind in SIGNAL_TYPES else b"\x00" + string(kind)
        out += sleb(age)
    contacts = account.get("contacts", [])
    out += uleb(len(contacts))
    for contact in contacts:
        title = contact.get("title")
        out += b"\x00" if title is None else b"\x01" + string(title)
    return out


def main():
    accounts_path, decisions_path, as_of_text = sys.argv[1:4]
    as_of = datetime.date.fromisoformat(as_of_text)
    with open(decisions_path, encoding="utf-8") as f:
        logged = {d["id"]: d["audit"]["input_digest"] for d in map(json.loads, f)}
    failures = 0
    with open(accounts_path, encoding="utf-8") as f:
        for line in f:
            account = json.loads(line, parse_float=decimal.Decimal)
            want = "sha256:" + hashlib.sha256(encode(account, as_of)).hexdigest()
            got = logged.get(account["id"])
            if got != want:
                print(f"{account['id']}: icpc gave {got}, the documented encoding gives {want}")
                failures += 1
    print(f"{len(logged)} digests checked, {failures} differ")
    return 1 if failures or not logged else 0


if __name__ == "__main__":
    sys.exit(main())
