#!/usr/bin/python3
"""tests/editors/textmate_test.py ICPC SOURCE_DIR BUILD_DIR: the TextMate grammar of
editors/vscode over every .icp file of the repository, tokenised by VS Code's own engine.

Installs the pinned vscode-textmate and vscode-oniguruma (tests/editors/package-lock.json) with
`npm ci` into BUILD_DIR/tests/editors/node (once per lock file), asks `icpc check` which files
hold syntax errors (their invalid tokens are expected), then runs textmate_test.mjs. Exit 77
(skipped) when node or npm is missing or the registry cannot be reached.
Standard library only; run by Debian's /usr/bin/python3.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True
SKIPPED = 77
HERE = Path(__file__).resolve().parent


def install(modules):
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = modules / ".installed-lock"
    if stamp.exists() and stamp.read_bytes() == lock and (modules / "node_modules").is_dir():
        return True
    modules.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, modules / name)
    proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=modules,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"textmate_test: npm ci failed (offline?); skipped:\n{proc.stderr[-2000:]}", file=sys.stderr)
        return False
    stamp.write_bytes(lock)
    return True


def has_syntax_error(icpc, path):
    """E00xx from `icpc check -` (standard input: no icp.toml's tests, whatever folder holds it)."""
    proc = subprocess.run([icpc, "check", "--format", "json", "-"], input=path.read_bytes(), capture_output=True,
                          cwd="/")
    return any(json.loads(line)["code"].startswith("E00") for line in proc.stdout.decode().splitlines() if line)


def main():
    icpc, source, build = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve()
    node = shutil.which("node")
    if not node or not shutil.which("npm"):
        print("textmate_test: node and npm are needed; skipped", file=sys.stderr)
        return SKIPPED
    modules = build / "tests/editors/node"
    if not install(modules):
        return SKIPPED
    files = sorted(p for folder in ("examples", "tests", "stdlib") for p in (source / folder).rglob("*.icp"))
    listing = {"files": [str(p) for p in files],
               "syntax_errors": [str(p) for p in files if has_syntax_error(icpc, p)]}
    list_path = modules / "files.json"
    list_path.write_text(json.dumps(listing))
    grammar = source / "editors/vscode/syntaxes/icp.tmLanguage.json"
    return subprocess.run([node, str(HERE / "textmate_test.mjs"), str(modules), str(grammar), str(source),
                           str(list_path)]).returncode


if __name__ == "__main__":
    sys.exit(main())
