#!/usr/bin/python3
"""tests/editors/textmate_test.py ICPC SOURCE_DIR BUILD_DIR: the TextMate grammar of
editors/vscode over every .icp file of the repository, tokenised by VS Code's own engine.

Installs the pinned vscode-textmate and vscode-oniguruma (tests/editors/package-lock.json) with
`npm ci` into BUILD_DIR/tests/editors/node (once per lock file), asks `icpc check` which files
hold syntax errors (their invalid tokens are expected), then runs textmate_test.mjs. Exit 77
(skipped) when node or npm is missing or the registry cannot be reached. Also checks the
extension's package.json against its files and lock, and that extension.js parses.
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


def check_extension(node, source):
    """editors/vscode's manifest names files that exist, the grammar's scope, and JavaScript
    that parses; the problems found, as lines."""
    folder = source / "editors/vscode"
    manifest = json.loads((folder / "package.json").read_text())
    problems = []
    contributes = manifest["contributes"]
    for grammar in contributes["grammars"]:
        path = folder / grammar["path"]
        if not path.is_file():
            problems.append(f"package.json names a missing grammar {grammar['path']}")
        elif json.loads(path.read_text())["scopeName"] != grammar["scopeName"]:
            problems.append(f"{grammar['path']}'s scopeName is not {grammar['scopeName']}")
    for language in contributes["languages"]:
        json.loads((folder / language["configuration"]).read_text())  # raises when it is not JSON
        if language["extensions"] != [".icp"]:
            problems.append(f"the language claims {language['extensions']}")
    lock = json.loads((folder / "package-lock.json").read_text())
    for name, version in manifest["dependencies"].items():
        if lock["packages"].get(f"node_modules/{name}", {}).get("version") != version:
            problems.append(f"package-lock.json does not pin {name} {version}")
    proc = subprocess.run([node, "--check", str(folder / manifest["main"])], capture_output=True, text=True)
    if proc.returncode != 0:
        problems.append(f"{manifest['main']} does not parse: {proc.stderr}")
    return problems


def main():
    icpc, source, build = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve()
    node = shutil.which("node")
    if not node or not shutil.which("npm"):
        print("textmate_test: node and npm are needed; skipped", file=sys.stderr)
        return SKIPPED
    problems = check_extension(node, source)
    for problem in problems:
        print(f"editors/vscode: {problem}")
    modules = build / "tests/editors/node"
    if not install(modules):
        return SKIPPED
    files = sorted(p for folder in ("examples", "tests", "stdlib") for p in (source / folder).rglob("*.icp"))
    listing = {"files": [str(p) for p in files],
               "syntax_errors": [str(p) for p in files if has_syntax_error(icpc, p)]}
    list_path = modules / "files.json"
    list_path.write_text(json.dumps(listing))
    grammar = source / "editors/vscode/syntaxes/icp.tmLanguage.json"
    tokenised = subprocess.run([node, str(HERE / "textmate_test.mjs"), str(modules), str(grammar), str(source),
                                str(list_path)]).returncode
    return 1 if problems or tokenised != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
