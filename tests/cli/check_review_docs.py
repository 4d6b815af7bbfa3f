"""Checks docs/ci/icp-review.yml and docs/ci/pre-commit-config.yaml (tests/cli/review_docs.sh).

Both files are parsed with PyYAML (Debian's python3-yaml), a real YAML parser, so a syntax
error fails the test, and their structure is checked the way GitHub Actions and pre-commit
read them. docs/review.md must embed both files byte for byte, so the page cannot drift.
Usage: python3 check_review_docs.py REPO_ROOT. Prints each problem; exits 1 if any.
"""
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("FAIL: PyYAML is missing: install Debian's python3-yaml (tools/run does)")
    sys.exit(1)

root = sys.argv[1]
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def read(relative):
    with open(os.path.join(root, relative), encoding="utf-8") as f:
        return f.read()


def load(relative):
    try:
        return yaml.safe_load(read(relative))
    except yaml.YAMLError as error:
        problems.append(f"{relative} is not valid YAML: {error}")
        return None


def check_workflow(workflow):
    if not check(isinstance(workflow, dict), "the workflow is not a mapping"):
        return
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true; GitHub reads it as "on".
    trigger = workflow.get("on", workflow.get(True))
    check(isinstance(trigger, dict) and "pull_request" in trigger, "the workflow must run on pull_request")
    check(workflow.get("permissions", {}).get("pull-requests") == "write",
          "the workflow needs `pull-requests: write` to comment")
    jobs = workflow.get("jobs")
    if not check(isinstance(jobs, dict) and jobs, "the workflow has no jobs"):
        return
    for name, job in jobs.items():
        check("runs-on" in job, f"job {name} has no runs-on")
        steps = job.get("steps")
        if not check(isinstance(steps, list) and steps, f"job {name} has no steps"):
            continue
        for index, step in enumerate(steps):
            check(isinstance(step, dict) and (("run" in step) != ("uses" in step)),
                  f"job {name} step {index + 1} must have exactly one of run and uses")
        runs = "\n".join(step.get("run", "") for step in steps)
        for command in ("icpc fmt --check", "icpc check --deny warnings --format sarif",
                        "icpc check --deny warnings --format github", "icpc test",
                        'icpc diff --git "origin/$BASE_REF"', '--as-of "$as_of"', "--format markdown"):
            check(command in runs, f"job {name} does not run `{command}`")
        # Every action at its current major version (checked 2026-12: checkout v4, cache v4,
        # github-script v7, codeql-action v3).
        current = {"actions/checkout": "v4", "actions/cache": "v4", "actions/github-script": "v7",
                   "github/codeql-action/upload-sarif": "v3"}
        for step in steps:
            action, _, version = str(step.get("uses", "")).partition("@")
            if action:
                check(current.get(action) == version, f"job {name} uses {action}@{version}, not @{current.get(action)}")
        uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
        check(uploads and uploads[0].get("with", {}).get("sarif_file") == "icpc.sarif",
              "the SARIF of icpc check must be uploaded to code scanning")
        check(workflow.get("permissions", {}).get("security-events") == "write",
              "uploading SARIF needs `security-events: write`")
        check(any(str(s.get("uses", "")).startswith("actions/cache@") for s in steps), "icpc must be cached, not built each time")
        impact = [s for s in steps if "icpc diff" in s.get("run", "")]
        check(impact and "steps.build.outcome == 'success'" in str(impact[0].get("if", "")),
              "the impact step must not run when icpc could not be built")
        envs = [step.get("env", {}) for step in steps]
        check(any(env.get("BASE_REF") == "${{ github.base_ref }}" for env in envs),
              "BASE_REF must come from github.base_ref through env")
        check(not re.search(r"\$\{\{[^}]*\}\}", runs), "no ${{ }} expression may be pasted into a run script")
        checkout = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
        check(checkout and checkout[0].get("with", {}).get("fetch-depth") == 0,
              "actions/checkout needs fetch-depth: 0 for icpc diff --git")
        commenters = [s for s in steps
                      if str(s.get("uses", "")).startswith("actions/github-script@") or "gh pr comment" in s.get("run", "")]
        check(commenters, "no step posts the impact as a pull-request comment")
        order = [i for i, s in enumerate(steps) if "icpc diff" in s.get("run", "")]
        check(order and commenters and steps.index(commenters[0]) > order[0], "the comment must come after icpc diff")


def check_pre_commit(config):
    if not check(isinstance(config, dict) and isinstance(config.get("repos"), list), "pre-commit: no repos list"):
        return
    local = [r for r in config["repos"] if r.get("repo") == "local"]
    if not check(local, "pre-commit: no `repo: local` entry"):
        return
    hooks = {h.get("id"): h for h in local[0].get("hooks", [])}
    expected = {"icpc-fmt": "icpc fmt --check", "icpc-check": "icpc check", "icpc-test": "icpc test"}
    for hook_id, entry in expected.items():
        hook = hooks.get(hook_id)
        if not check(hook is not None, f"pre-commit: no hook {hook_id}"):
            continue
        check(hook.get("entry") == entry, f"pre-commit: hook {hook_id} must run `{entry}`")
        check(hook.get("language") == "system", f"pre-commit: hook {hook_id} must use language: system")
        check("name" in hook and "files" in hook, f"pre-commit: hook {hook_id} needs name and files")
        try:
            re.compile(hook.get("files", ""))
        except re.error as error:
            problems.append(f"pre-commit: hook {hook_id} `files` is not a regex: {error}")
    check(re.search(hooks.get("icpc-fmt", {}).get("files", "^$"), "icp/x.icp") is not None,
          "pre-commit: icpc-fmt must match .icp files")


def check_embedded(page, relative):
    # The page must hold the file as a ```yaml block, byte for byte.
    check(f"```yaml\n{read(relative)}```\n" in page, f"docs/review.md does not embed {relative} verbatim")


def check_hook_repository(hooks):
    """.pre-commit-hooks.yaml: this repository as a hook repository, the same three hooks."""
    if not check(isinstance(hooks, list), ".pre-commit-hooks.yaml: not a list of hooks"):
        return
    by_id = {h.get("id"): h for h in hooks}
    for hook_id, entry in {"icpc-fmt": "icpc fmt --check", "icpc-check": "icpc check --deny warnings",
                           "icpc-test": "icpc test"}.items():
        hook = by_id.get(hook_id)
        if not check(hook is not None, f".pre-commit-hooks.yaml: no hook {hook_id}"):
            continue
        check(hook.get("entry") == entry, f".pre-commit-hooks.yaml: {hook_id} must run `{entry}`")
        for key in ("name", "language", "files"):
            check(key in hook, f".pre-commit-hooks.yaml: {hook_id} needs `{key}`")


check_hook_repository(load(".pre-commit-hooks.yaml"))
check_workflow(load("docs/ci/icp-review.yml"))
check_pre_commit(load("docs/ci/pre-commit-config.yaml"))
review = read("docs/review.md")
check_embedded(review, "docs/ci/icp-review.yml")
check_embedded(review, "docs/ci/pre-commit-config.yaml")
check("docs/review.md" in read("README.md"), "README.md does not link docs/review.md")

for problem in problems:
    print(f"FAIL: {problem}")
sys.exit(1 if problems else 0)
