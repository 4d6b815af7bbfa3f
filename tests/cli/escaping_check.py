#!/usr/bin/env python3
"""Inputs and checks for tests/cli/escaping.sh, written from the formats' own rules (no code
shared with icpc). `make DIR` writes the hostile inputs: profiles, accounts, a decision-test
file and backtest CSVs whose ids, labels, names and values hold line breaks, ESC, OSC and CSI
sequences, C1 and bidi controls, backticks, pipes, @mentions, images, HTML and ill-formed UTF-8.
The other commands check one output file each and print what is wrong; exit 1 when anything is.
Usage: escaping_check.py make DIR | shown FILE | markdown FILE | jsonl FILE | json FILE |
       sarif FILE | github FILE | html FILE | ids ACCOUNTS DECISIONS"""
import json
import os
import re
import sys

# What a hostile string can hold; every account id, label and value below mixes these.
NEWLINE_HEADING = "x\n### pwned @octocat ![img](http://evil.example/x.png)"
ESC_AND_BIDI = "\x1b[31mred\x1b[0m\u202egnp.exe"
TICKS_AND_PIPES = "a`b|c``d"
HTML = "<script>alert(1)</script>&amp;"
C1_AND_SEPARATORS = "\x85\x9b2J\u2028\u2066iso"
OSC_TITLE = "\x1b]0;pwned\x07"

PROFILE = """profile "Evil\x1b[2J <script>alert(1)</script> @octocat" {
  owner   "ops@example.com"
  version "1.0\\n### heading"
}

account {
  employees: int
  tech:      set<string>
}

exclude tiny when employees < 50 "too small\x1b]0;pwned\x07 `x` | ![i](http://e.example/x.png)"

signal demo weight 5 within 30d

criterion big   = employees >= THRESHOLD
criterion stack = tech has any STACK
criterion buyer = has_role(champion)

role champion {
  titles ["VP \u202e*"]
}

bonus champion_found +1 when buyer

tier 1 "Big \u202egnp.exe\\n# forged | <b>x</b>" = big and stack

route {
  when excluded  -> disqualify
  when tier == 1 -> queue "ae|team`x`@octocat\\n- [ ] task" cadence "c\x1b[31m"
  else           -> ignore
}
"""

# A decision test whose case name and expectation are hostile, and that fails.
TESTS = """rules = "old.icp"
as_of = 2026-11-22

[[case]]
name    = "case \\u001b[2J\\n::error::forged \\u202e @octocat"
verdict = "tier"
tier    = 1
route   = { queue = "q\\u001b]0;t\\u0007\\n# h" }

[case.account]
id        = "acct \\u001b[31m\\u202e"
employees = 1500
tech      = ["@octocat"]
"""

# A profile with an error on a line holding raw ESC and bidi bytes inside a string.
BROKEN = """profile "Broken" {
  owner "ops@example.com"
}

account {
  employees: int
}

tier 1 "Big \x1b[31m\u202e" = employes >= 10

route {
  else -> ignore
}
"""

# CRM exports for backtest and nucleus: hostile keys, a hostile loss reason.
# CRM exports for backtest and nucleus: hostile keys (won, lost, without deals, rejected by the
# profile), a hostile loss reason and a hostile bad cell.
BACKTEST_ACCOUNTS = ("account,employees,\"hq\x1b[2J<b>|x\"\n"
                     "\"<script>alert(1)</script>\x1b[2J\",5000,Paris\u202e\n"
                     "\"Beta \u202eipa\",1500,\n"
                     "\"Gamma\x1b]0;t\x07 @octocat\",1500,\n"
                     "\"Delta\n# heading\",many\x1b[2J,\n"
                     "plain,1500,\n")
BACKTEST_OPPORTUNITIES = ("opportunity_id,account,deal_stage,engage_date,close_date,close_value,reason\n"
                          "o1,\"<script>alert(1)</script>\x1b[2J\",Won,2017-01-02,2017-01-12,1000,\n"
                          "o2,\"Beta \u202eipa\",Lost,2017-01-03,2017-01-23,0,\"<img src=x onerror=alert(1)>\x1b]0;t\x07\"\n"
                          "o3,plain,Won,2017-01-04,2017-01-20,500,\n"
                          "o4,plain,Won,2017-01-05,\"2017-13-\x1b[2J<b>\",500,\n"
                          "o5,\"Delta\n# heading\",Won,2017-01-05,2017-01-09,700,\n")
BACKTEST_MAPPING = '[opportunities]\nreason = "reason"\n'
BACKTEST_PROFILE = """profile "Backtest <b>\u202e" {
  owner "revops@example.com"
}
account {
  employees: int
}
tier 1 "Big <script>x</script>\x1b[1m" = employees >= 2000
tier 2 "Mid" = employees >= 1000
route {
  else -> ignore
}
"""


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("utf-8", "surrogateescape"))


def make(folder):
    write(os.path.join(folder, "old.icp"),
          PROFILE.replace("THRESHOLD", "1000").replace("STACK", '["@octocat", "x\x1b[1m"]'))
    write(os.path.join(folder, "new.icp"), PROFILE.replace("THRESHOLD", "2000").replace("STACK", '["none"]'))
    ids = [NEWLINE_HEADING, ESC_AND_BIDI, TICKS_AND_PIPES, HTML, C1_AND_SEPARATORS]
    lines = [json.dumps({"id": i, "employees": 1500, "tech": ["x\x1b[1m", "@octocat", "a|b\u202e"]}) for i in ids]
    lines.append(json.dumps({"id": "rejected" + OSC_TITLE, "employees": "many\x1b[2J", "tech": []}))
    write(os.path.join(folder, "accounts.jsonl"), "\n".join(lines) + "\n")
    write(os.path.join(folder, "one.json"), json.dumps(
        {"id": ESC_AND_BIDI, "employees": 1500, "tech": ["x\x1b[1m", "\x9b31m", "\u202egnp"],
         "signals": [{"type": "demo", "days_ago": 2}, {"type": "evil\x1b]0;t\x07", "days_ago": 1}],
         "contacts": [{"title": "VP \u202eSales\x1b[5m"}]}) + "\n")
    write(os.path.join(folder, "old.test.toml"), TESTS)
    write(os.path.join(folder, "broken \x1b[31m,a:b.icp"), BROKEN)
    write(os.path.join(folder, "bt_accounts.csv"), BACKTEST_ACCOUNTS)
    write(os.path.join(folder, "bt_opportunities.csv"), BACKTEST_OPPORTUNITIES)
    write(os.path.join(folder, "bt_mapping.toml"), BACKTEST_MAPPING)
    write(os.path.join(folder, "bt.icp"), BACKTEST_PROFILE)
    # CSV bytes that are not UTF-8, in an id and in a value.
    with open(os.path.join(folder, "latin1.csv"), "wb") as f:
        f.write(b"id,employees,tech\nacme-\xe9\xff,1500,caf\xe9\n")


def hidden(code):
    """Characters that act instead of showing: C0 (but the line feed), DEL, C1, bidi controls
    (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), U+2028 and U+2029."""
    return ((code < 0x20 and code != 0x0A) or 0x7F <= code <= 0x9F or code in (0x061C, 0x200E, 0x200F)
            or 0x2028 <= code <= 0x202E or 0x2066 <= code <= 0x2069)


def shown_problems(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not UTF-8 at byte {e.start}"]
    return [f"raw U+{ord(c):04X} at character {i}" for i, c in enumerate(text) if hidden(ord(c))][:5]


def strip_code_spans(line):
    """The line without its code spans (CommonMark: a backtick run opens, the next run of the
    same length closes; an unmatched run is literal)."""
    out, i = [], 0
    while i < len(line):
        if line[i] != "`":
            out.append(line[i])
            i += 1
            continue
        run = len(line[i:]) - len(line[i:].lstrip("`"))
        close = re.compile(r"(?<!`)" + "`" * run + r"(?!`)").search(line, i + run)
        if close is None:
            out.append(line[i:i + run])
            i += run
        else:
            i = close.end()
    return "".join(out)


def table_cells(row):
    """GitHub's cell count: a row splits on every `|` not written `\\|`."""
    return len(re.split(r"(?<!\\)\|", row.strip().strip("|"))) if row.startswith("|") else 0


def markdown_problems(data):
    problems = shown_problems(data)
    ours = ("### icpc diff: ", "#### ")
    cells = None
    for number, line in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
        if line.startswith("#") and not line.startswith(ours):
            problems.append(f"line {number}: a heading icpc did not write: {line!r}")
        prose = strip_code_spans(line)
        if line in ("<details>", "</details>", "<summary>Example accounts and why they moved</summary>"):
            continue
        for live in ("@", "![", "](", "<", "http"):
            if live in prose:
                problems.append(f"line {number}: `{live}` outside a code span: {line!r}")
        if line.startswith("|"):
            cells = cells or table_cells(line)
            if table_cells(line) != cells:
                problems.append(f"line {number}: {table_cells(line)} cells in a table of {cells}: {line!r}")
        else:
            cells = None
    return problems


def jsonl_problems(data):
    problems = shown_problems(data)
    for number, line in enumerate(data.split(b"\n")[:-1], 1):
        try:
            json.loads(line.decode("utf-8"))
        except ValueError as e:
            problems.append(f"line {number}: not JSON: {e}")
    return problems


def json_problems(data):
    problems = shown_problems(data)
    try:
        json.loads(data.decode("utf-8"))
    except ValueError as e:
        problems.append(f"not JSON: {e}")
    return problems


def sarif_problems(data):
    problems = json_problems(data)
    if problems:
        return problems
    log = json.loads(data)
    if log.get("version") != "2.1.0" or len(log.get("runs", [])) != 1:
        return ["not a SARIF 2.1.0 log with one run"]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        if not re.fullmatch(r"[A-Za-z0-9._~/%-]+", location["artifactLocation"]["uri"]):
            problems.append(f"uri is not percent-encoded: {location['artifactLocation']['uri']!r}")
        if rules[result["ruleIndex"]]["id"] != result["ruleId"] or not result["message"]["text"]:
            problems.append(f"result {result['ruleId']} does not match its rule or has no text")
        if location["region"]["startLine"] < 1:
            problems.append("a region without a line")
    if not run["results"]:
        problems.append("no results")
    return problems


COMMAND = re.compile(r"::(error|warning|notice) (file|line|col|endLine|endColumn|title)=[^,:\r\n]*"
                     r"(,(file|line|col|endLine|endColumn|title)=[^,:\r\n]*)*::[^\r\n]*")


def github_problems(data):
    problems = shown_problems(data)
    lines = data.decode("utf-8", "replace").split("\n")[:-1]
    problems += [f"line {n}: not one workflow command: {line!r}" for n, line in enumerate(lines, 1)
                 if not COMMAND.fullmatch(line)]
    return problems if lines else problems + ["no workflow command"]


TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "ul", "li", "table", "tr", "th", "td",
        "code", "svg", "line", "text", "rect", "path", "span", "br", "strong", "div", "figure", "figcaption", "g",
        "circle"}


def html_problems(data):
    problems = shown_problems(data)
    text = data.decode("utf-8", "replace")
    for match in re.finditer(r"<(/?)([A-Za-z!][A-Za-z0-9]*)", text):
        name = match.group(2).lower()
        if name != "!doctype" and name not in TAGS:
            problems.append(f"a <{name}> icpc did not write")
    for tag in ("table", "ul", "svg", "p", "code", "div", "figure", "g", "strong"):
        if len(re.findall(f"<{tag}[ >]", text)) != text.count(f"</{tag}>"):
            problems.append(f"<{tag}> opened and closed a different number of times")
    return problems


def ids_problems(accounts, decisions):
    """Every decided account's id reads back from the decision exactly (JSON Lines in both)."""
    wanted = [json.loads(line)["id"] for line in open(accounts, encoding="utf-8")]
    got = [json.loads(line)["id"] for line in open(decisions, encoding="utf-8")]
    return [f"id {g!r} is not one of the accounts'" for g in got if g not in wanted] + (
        [] if got else ["no decision"])


def main(argv):
    if len(argv) == 3 and argv[1] == "make":
        make(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "ids":
        problems = ids_problems(argv[2], argv[3])
    else:
        checks = {"shown": shown_problems, "markdown": markdown_problems, "jsonl": jsonl_problems,
                  "json": json_problems, "sarif": sarif_problems, "github": github_problems, "html": html_problems}
        if len(argv) != 3 or argv[1] not in checks:
            print(__doc__, file=sys.stderr)
            return 2
        with open(argv[2], "rb") as f:
            problems = checks[argv[1]](f.read())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
