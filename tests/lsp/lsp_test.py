#!/usr/bin/python3
"""tests/lsp/lsp_test.py ICPC: `icpc lsp` driven as an editor drives it, over JSON-RPC.

Starts `icpc lsp`, opens a profile with an error and checks that the published diagnostics
are exactly `icpc check --format json`'s (codes, messages, ranges: code-point columns turned
into UTF-16, with non-ASCII text before a name), and a quick fix; fixes it with didChange;
then hover, definition, completion, the outline and formatting (compared with `icpc fmt
--stdin`), a project whose icp.toml sets lint levels, malformed messages, hostile documents,
400 mutated messages, and shutdown/exit with their exit codes.
Standard library only; run by Debian's /usr/bin/python3.
"""
import json
import os
import random
import select
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
TIMEOUT = 20  # seconds for any one message

BROKEN = """profile "Editor test" {
  owner        "ops@example.com"
  reviewed     2026-11-01
  review_every 90d
}

use std.geo

account {
  employees: int
  city:      string
  funding:   decimal?
  country:   country
  stage:     enum(seed, growth)
}

let floor = 250

signal demo_request weight 20 within 30d
signal pricing_visit weight 5 within 14d

criterion big   = employees >= floor
criterion swiss = city == "Zürich 🚀" and employeez >= 10
criterion north = country in std.geo.na
criterion grown = stage == growth

tier 1 "Fit" = big and swiss and north and grown

role economic_buyer {
  titles    ["CFO"]
  owns      "the budget"
  objection "price"
  proof     "a payback model"
}

route {
  when tier == 1 and has_role(economic_buyer) -> queue "ae"
  when count(demo_request within 30d) >= 1   -> queue "sdr"
  else -> ignore
}
"""
FIXED = BROKEN.replace("employeez >= 10", "employees >= 10")
UNFORMATTED = FIXED.replace("let floor = 250", "let   floor=250").replace("tier 1 \"Fit\" = big and swiss",
                                                                          "tier 1 \"Fit\"=big   and swiss")

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


class Client:
    """One `icpc lsp` process: framed writes, framed reads with a timeout, notifications kept."""

    def __init__(self, icpc, cwd):
        self.proc = subprocess.Popen([icpc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.buffer = b""
        self.next_id = 0
        self.notifications = []

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send_body(self, body):
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send(self, message):
        self.send_body(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def _fill(self):
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
        if not ready:
            raise SystemExit("lsp_test: no message from icpc lsp within %d s" % TIMEOUT)
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            raise SystemExit("lsp_test: icpc lsp closed its output; stderr:\n" + self.proc.stderr.read().decode())
        self.buffer += chunk

    def read(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        header, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        length = None
        for line in header.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise SystemExit("lsp_test: a message without Content-Length: %r" % header)
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body)

    def response(self, request_id):
        """Reads until the response to `request_id`; notifications are kept for later."""
        while True:
            message = self.read()
            if "method" in message:
                self.notifications.append(message)
            elif message.get("id") == request_id:
                return message
            else:
                raise SystemExit(f"lsp_test: unexpected message {message}")

    def reply(self):
        """The next message that is not a notification (a reply to a message without a usable id)."""
        while True:
            message = self.read()
            if "method" not in message:
                return message
            self.notifications.append(message)

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.response(self.next_id)

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def diagnostics(self, uri):
        """The next publishDiagnostics for `uri` (kept ones first)."""
        while True:
            for i, message in enumerate(self.notifications):
                if message["method"] == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                    del self.notifications[i]
                    return message["params"]["diagnostics"]
            self.notifications.append(self.read())

    def finish(self):
        self.proc.stdin.close()
        code = self.proc.wait(timeout=TIMEOUT)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code


def utf16_position(text, line, column):
    """icpc's 1-based line and code-point column -> LSP's 0-based line and UTF-16 character."""
    line_text = text.split("\n")[line - 1] if line >= 1 else ""
    return {"line": line - 1, "character": len(line_text[:column - 1].encode("utf-16-le")) // 2}


def position_of(text, needle, skip=0, occurrence=0):
    """The LSP position of the `occurrence`-th `needle` in text, `skip` characters into it."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += skip
    before = text[:index]
    line = before.count("\n")
    column = index - (before.rfind("\n") + 1)
    return {"line": line, "character": len(text.split("\n")[line][:column].encode("utf-16-le")) // 2}


def expected_diagnostics(icpc, folder, name, text):
    """`icpc check --format json NAME` in `folder`, as LSP Diagnostics' comparable parts."""
    proc = subprocess.run([icpc, "check", "--format", "json", name], cwd=folder, capture_output=True, text=True)
    out = []
    for line in proc.stdout.splitlines():
        d = json.loads(line)
        if d["file"] != name:
            continue
        out.append({"code": d["code"], "message": d["message"], "severity": 1 if d["severity"] == "error" else 2,
                    "range": {"start": utf16_position(text, d["line"], d["col"]),
                              "end": utf16_position(text, d["end_line"], d["end_col"])}})
    return out


def comparable(diagnostics):
    return [{k: d.get(k) for k in ("code", "message", "severity", "range")} for d in diagnostics]


def initialize(client, root):
    reply = client.request("initialize", {"processId": os.getpid(), "rootUri": Path(root).as_uri(), "capabilities": {}})
    caps = reply["result"]["capabilities"]
    check(caps.get("hoverProvider") and caps.get("definitionProvider") and caps.get("documentFormattingProvider"),
          f"initialize announces hover, definition and formatting: {caps}")
    check(reply["result"]["serverInfo"]["name"] == "icpc", "serverInfo names icpc")
    client.notify("initialized", {})


def test_diagnostics(icpc, client, folder, uri):
    path = Path(folder) / "profile.icp"
    path.write_text(BROKEN, encoding="utf-8")
    want = expected_diagnostics(icpc, folder, "profile.icp", BROKEN)
    check(any(d["code"] == "E0210" for d in want), f"icpc check reports the unknown name: {want}")
    client.notify("textDocument/didOpen",
                  {"textDocument": {"uri": uri, "languageId": "icp", "version": 1, "text": BROKEN}})
    got = client.diagnostics(uri)
    check(comparable(got) == want, f"didOpen diagnostics equal icpc check's:\n got {comparable(got)}\nwant {want}")
    # The unknown name sits after "Zürich 🚀": the rocket is one code point but two UTF-16 units.
    e0210 = [d for d in got if d["code"] == "E0210"]
    check(e0210 and e0210[0]["range"]["start"] == position_of(BROKEN, "employeez"),
          f"E0210 starts at `employeez` in UTF-16 units: {e0210}")
    check(e0210 and any(r["message"].startswith("help: ") for r in e0210[0].get("relatedInformation", [])),
          "the help line comes as related information")
    # The help "did you mean `employees`?" is a quick fix that writes it over the span.
    reply = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": e0210[0]["range"],
                                                       "context": {"diagnostics": e0210}})
    actions = reply["result"]
    edit = {"range": e0210[0]["range"], "newText": "employees"}
    check(len(actions) == 1 and actions[0]["kind"] == "quickfix" and actions[0]["edit"]["changes"] == {uri: [edit]},
          f"the quick fix of E0210 writes the suggestion: {actions}")
    path.write_text(FIXED, encoding="utf-8")
    client.notify("textDocument/didChange",
                  {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": FIXED}]})
    got = client.diagnostics(uri)
    check(comparable(got) == expected_diagnostics(icpc, folder, "profile.icp", FIXED),
          f"didChange diagnostics equal icpc check's on the fixed text: {got}")


def hover_text(client, uri, position):
    reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
    result = reply["result"]
    return result["contents"]["value"] if result else ""


def test_hover(client, uri):
    # `employees` after the non-ASCII string on the `swiss` line (fixed text).
    at = position_of(FIXED, "employees >= 10", skip=3)
    text = hover_text(client, uri, at)
    check("employees: int" in text and "field" in text, f"hover on a field shows its type: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "economic_buyer)"))
    check(all(s in text for s in ("the budget", "price", "a payback model", "owns", "objection", "proof")),
          f"hover on a role shows owns, objection and proof: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "floor", occurrence=1))
    check("let floor = 250" in text and "`int`" in text, f"hover on a let shows its declaration and type: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "big and"))
    check("criterion big   = employees >= floor" in text, f"hover on a criterion shows its condition: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "demo_request within"))
    check("signal demo_request weight 20 within 30d" in text, f"hover on a signal shows its declaration: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "std.geo.na", skip=8))
    check("let na = [\"US\", \"CA\"]" in text and "std.geo.na" in text and "North America" in text,
          f"hover on a standard-library member shows its list and comment: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "growth", occurrence=1))
    check("stage: enum(seed, growth)" in text and "enum of field `stage`" in text, f"hover on an enum value: {text!r}")
    text = hover_text(client, uri, position_of(FIXED, "has_role"))
    check("has_role(role)" in text, f"hover on a built-in function: {text!r}")
    check(hover_text(client, uri, {"line": 0, "character": 0}) == "", "no hover on a keyword")


def test_definition(client, uri):
    reply = client.request("textDocument/definition",
                           {"textDocument": {"uri": uri}, "position": position_of(FIXED, "employees >= 10", skip=1)})
    start = position_of(FIXED, "employees: int")
    want = {"uri": uri, "range": {"start": start, "end": {"line": start["line"], "character": start["character"] + 9}}}
    check(reply["result"] == want, f"definition of a field is its declaration: {reply['result']} != {want}")
    reply = client.request("textDocument/definition",
                           {"textDocument": {"uri": uri}, "position": position_of(FIXED, "growth", occurrence=1)})
    check(reply["result"] and reply["result"]["range"]["start"] == position_of(FIXED, "growth"),
          f"definition of an enum value is where its enum lists it: {reply['result']}")
    reply = client.request("textDocument/definition",
                           {"textDocument": {"uri": uri}, "position": position_of(FIXED, "economic_buyer)")})
    check(reply["result"] and reply["result"]["range"]["start"] == position_of(FIXED, "economic_buyer {"),
          f"definition of a role: {reply['result']}")
    reply = client.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}})
    check(reply["result"] is None, "no definition for a keyword")


def labels(client, uri, position, kind=None):
    reply = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position})
    return {i["label"] for i in reply["result"]["items"] if kind is None or i["kind"] == kind}


def test_completion(client, uri):
    roles = labels(client, uri, position_of(FIXED, "economic_buyer)"))
    check(roles == {"economic_buyer"}, f"completion inside has_role(...) offers the roles: {roles}")
    signals = labels(client, uri, position_of(FIXED, "demo_request within"))
    check(signals == {"demo_request", "pricing_visit", "signals"}, f"completion inside count(...) offers signals: {signals}")
    modules = labels(client, uri, position_of(FIXED, "std.geo.na", skip=4))
    check(modules == {"geo", "naics", "titles"}, f"completion after `std.` offers the modules: {modules}")
    members = labels(client, uri, position_of(FIXED, "std.geo.na", skip=8))
    check({"na", "emea", "apac", "latam"} <= members and "employees" not in members,
          f"completion after `std.geo.` offers its members: {sorted(members)}")
    names = labels(client, uri, position_of(FIXED, "big and"))
    for name in ("employees", "city", "funding", "country", "floor", "big", "swiss", "north", "seed", "growth",
                 "score", "present", "and"):
        check(name in names, f"completion in a condition offers `{name}`: {sorted(names)}")
    check("economic_buyer" not in names and "demo_request" not in names, "roles and signals only where they fit")


def test_outline(client, uri):
    reply = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    names = [s["name"] for s in reply["result"]]
    want = ["employees", "city", "funding", "country", "stage", "floor", "demo_request", "pricing_visit", "big",
            "swiss", "north", "grown", "tier 1", "economic_buyer"]
    check(names == want, f"the outline lists the declarations in file order: {names}")
    big = [s for s in reply["result"] if s["name"] == "big"]
    check(big and big[0]["selectionRange"]["start"] == position_of(FIXED, "big ") and big[0]["kind"] == 12,
          f"a criterion's outline entry: {big}")


def test_formatting(icpc, client, uri):
    client.notify("textDocument/didChange",
                  {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": UNFORMATTED}]})
    reply = client.request("textDocument/formatting",
                           {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
    edits = reply["result"]
    want = subprocess.run([icpc, "fmt", "--stdin"], input=UNFORMATTED, capture_output=True, text=True).stdout
    check(want != UNFORMATTED, "the test's text needs formatting")
    check(isinstance(edits, list) and len(edits) == 1 and edits[0]["range"]["start"] == {"line": 0, "character": 0},
          f"formatting is one edit of the whole text: {edits}")
    if edits:
        lines = UNFORMATTED.split("\n")
        check(edits[0]["range"]["end"] == {"line": len(lines) - 1, "character": len(lines[-1].encode("utf-16-le")) // 2},
              "the edit ends at the end of the text")
        check(edits[0]["newText"] == want, "formatting gives icpc fmt's output")
    client.notify("textDocument/didChange",
                  {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": want}]})
    reply = client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {}})
    check(reply["result"] == [], f"a formatted text needs no edit: {reply['result']}")


def test_malformed(client, uri):
    client.send_body(b"{not json")
    reply = client.reply()
    check(reply.get("id") is None and reply.get("error", {}).get("code") == -32700, f"bad JSON is -32700: {reply}")
    client.send_body(b'{"jsonrpc":"2.0","id":41}')
    reply = client.reply()
    check(reply.get("id") == 41 and reply.get("error", {}).get("code") == -32600, f"no method is -32600: {reply}")
    client.send_body(b'[1,2]')
    reply = client.reply()
    check(reply.get("error", {}).get("code") == -32600, f"a batch is -32600: {reply}")
    reply = client.request("textDocument/rename", {"textDocument": {"uri": uri}})
    check(reply.get("error", {}).get("code") == -32601, f"an unknown method is -32601: {reply}")
    client.send_raw(b"Content-Type: text/plain\r\n\r\n")  # no Content-Length
    reply = client.reply()
    check(reply.get("error", {}).get("code") == -32700, f"a frame without Content-Length is -32700: {reply}")
    reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}})  # no position
    check("result" in reply and reply["result"] is None, f"a request without its params answers null: {reply}")
    reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 10**6, "character": 10**9}})
    check("result" in reply, f"a position past the end is answered: {reply}")
    check(client.proc.poll() is None, "icpc lsp survives malformed messages")


def test_project(icpc, folder):
    """A profile in a project: icp.toml's lint levels and `today` apply, as for icpc check."""
    project = Path(folder) / "project"
    project.mkdir()
    (project / "icp.toml").write_text('today = 2026-11-23\n\n[lints]\nunused-let = "allow"\nW0101 = "deny"\n')
    text = FIXED.replace("let floor = 250", "let floor = 250\nlet unused = 3").replace("reviewed     2026-11-01",
                                                                                     "reviewed     2025-01-01")
    (project / "rules.icp").write_text(text, encoding="utf-8")
    want = expected_diagnostics(icpc, project, "rules.icp", text)
    check(any(d["code"] == "W0101" and d["severity"] == 1 for d in want), f"the project denies W0101: {want}")
    check(not any(d["code"] == "W0103" for d in want), f"the project allows unused-let: {want}")
    client = Client(icpc, folder)
    initialize(client, project)
    uri = (project / "rules.icp").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "icp", "version": 1, "text": text}})
    got = client.diagnostics(uri)
    check(comparable(got) == want, f"a project's diagnostics equal icpc check's there:\n got {comparable(got)}\nwant {want}")
    client.request("shutdown", None)
    client.notify("exit", None)
    check(client.finish() == 0, "exit after shutdown is exit code 0")


def test_hostile(icpc, folder):
    """Documents past the compiler's limits get icpc check's diagnostics; a message past the
    server's limit is skipped and answered; the server goes on."""
    client = Client(icpc, folder)
    initialize(client, folder)
    for name, text in (("nested.icp", "(" * 300000 + "\n"), ("huge.icp", "a" * 9000000)):
        path = Path(folder) / name
        path.write_text(text)
        want = expected_diagnostics(icpc, folder, name, text)
        check(want, f"icpc check reports {name}")
        uri = path.as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "icp", "version": 1, "text": text}})
        got = client.diagnostics(uri)
        check(comparable(got) == want, f"{name}: diagnostics equal icpc check's:\n got {comparable(got)}\nwant {want}")
        reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}})
        check("result" in reply, f"{name}: hover is answered")
    size = 64 * 1024 * 1024 + 1
    client.send_raw(b"Content-Length: %d\r\n\r\n" % size)
    chunk = b" " * (1 << 20)
    for _ in range(size // len(chunk)):
        client.send_raw(chunk)
    client.send_raw(b" " * (size % len(chunk)))
    reply = client.reply()
    check(reply.get("error", {}).get("code") == -32600 and "limit" in reply["error"]["message"],
          f"a message past 64 MiB is refused: {reply}")
    reply = client.request("shutdown", None)
    check("result" in reply, "the server answers after a refused message")
    client.notify("exit", None)
    check(client.finish() == 0, "exit after shutdown is exit code 0")


def test_mutated(icpc, folder):
    """Valid messages with bytes flipped, dropped and repeated (a fixed random seed): the server
    answers what it can and is still there to answer a request after 400 of them."""
    rng = random.Random(19)
    uri = (Path(folder) / "mutated.icp").as_uri()
    seeds = [
        {"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "icp", "version": 1,
                                                                        "text": FIXED}}},
        {"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2},
                                                        "contentChanges": [{"range": {"start": {"line": 3, "character": 2},
                                                                                      "end": {"line": 4, "character": 9}},
                                                                            "text": "x = (\u00e9"}]}},
        {"id": 1, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri},
                                                              "position": {"line": 20, "character": 20}}},
        {"id": 2, "method": "textDocument/completion", "params": {"textDocument": {"uri": uri},
                                                                   "position": {"line": 33, "character": 30}}},
        {"id": 3, "method": "textDocument/formatting", "params": {"textDocument": {"uri": uri}, "options": {}}},
        {"id": 4, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "context": {
            "diagnostics": [{"range": {"start": {"line": 1, "character": 1}, "end": {"line": 1, "character": 3}},
                             "data": {"replacement": "abc"}}]}}},
    ]
    client = Client(icpc, folder)
    initialize(client, folder)
    for _ in range(400):
        body = bytearray(json.dumps({"jsonrpc": "2.0", **rng.choice(seeds)}).encode())
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(body))
            action = rng.randrange(3)
            if action == 0:
                body[i] = rng.randrange(256)
            elif action == 1:
                del body[i]
            else:
                body[i:i] = body[i:i + rng.randint(1, 8)]
        client.send_body(bytes(body))
    client.send({"id": "after-mutations", "method": "textDocument/hover",
                 "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
    seen = set()
    while True:
        message = client.read()
        if message.get("id") == "after-mutations":
            break
        seen.add(message["error"]["code"] if "error" in message else message.get("method", "result"))
    check("result" in message, f"the server answers after 400 mutated messages: {message}")
    check({-32700, -32600, "result"} <= seen, f"the mutations reach parse errors, invalid requests and answers: {seen}")
    print(f"lsp_test: 400 mutated messages gave {sorted(map(str, seen))}")
    client.request("shutdown", None)
    client.notify("exit", None)
    check(client.finish() == 0, "exit after shutdown is exit code 0, after mutated messages")


def test_lifecycle(icpc, folder):
    client = Client(icpc, folder)
    reply = client.request("textDocument/hover", {"textDocument": {"uri": "file:///x.icp"}, "position": {"line": 0, "character": 0}})
    check(reply.get("error", {}).get("code") == -32002, f"a request before initialize is -32002: {reply}")
    initialize(client, folder)
    client.notify("exit", None)
    check(client.finish() == 1, "exit without shutdown is exit code 1")
    client = Client(icpc, folder)
    initialize(client, folder)
    check(client.finish() == 1, "the end of input without exit is exit code 1")


def main():
    icpc = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="icp-lsp-") as folder:
        client = Client(icpc, folder)
        initialize(client, folder)
        uri = (Path(folder) / "profile.icp").as_uri()
        test_diagnostics(icpc, client, folder, uri)
        test_hover(client, uri)
        test_definition(client, uri)
        test_completion(client, uri)
        test_outline(client, uri)
        test_formatting(icpc, client, uri)
        test_malformed(client, uri)
        reply = client.request("shutdown", None)
        check("result" in reply and reply["result"] is None, f"shutdown answers null: {reply}")
        reply = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        check(reply.get("error", {}).get("code") == -32600, f"a request after shutdown is -32600: {reply}")
        client.notify("exit", None)
        check(client.finish() == 0, "exit after shutdown is exit code 0")
        test_project(icpc, folder)
        test_hostile(icpc, folder)
        test_mutated(icpc, folder)
        test_lifecycle(icpc, folder)
    if failures:
        print(f"lsp_test: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("lsp_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
