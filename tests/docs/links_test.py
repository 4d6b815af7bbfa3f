#!/usr/bin/python3
"""Every relative link in README.md and docs/ (and the other Markdown pages of the project)
resolves: the file or folder exists in the repository, and a `#fragment` names a heading of
the target page (GitHub's anchor rules: lowercase, punctuation dropped, spaces to hyphens,
a -N suffix for repeated headings). Links to the web are not fetched (CI has no network).
A page that names a Markdown file in its text (`LANGUAGE.md`) names one the repository has:
users have the repository only, not the design notes it was written from.

  tests/docs/links_test.py SOURCE_DIR
Exit 0 when every link resolves; 1 with one line per broken link (file:line: link: why).
"""
import re
import sys
from pathlib import Path

LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^()\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
SKIPPED_DIRS = {"build", "node_modules", ".git"}
MENTION = re.compile(r"(?<![\w/.-])([A-Z][A-Za-z0-9_-]*\.md)\b")


def pages(root):
    for path in sorted(root.rglob("*.md")):
        parts = set(path.relative_to(root).parts)
        if parts & SKIPPED_DIRS or any(p.startswith("build") for p in path.relative_to(root).parts):
            continue
        yield path


def lines_outside_code(text):
    """(number, line) of each line not inside a fenced code block."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def anchor(heading, seen):
    """GitHub's anchor for a heading text."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link: its text
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    return slug if count == 0 else f"{slug}-{count}"


def anchors_of(path, cache={}):
    if path not in cache:
        seen, found = {}, set()
        for _, line in lines_outside_code(path.read_text(encoding="utf-8")):
            match = HEADING.match(line)
            if match:
                found.add(anchor(match.group(2), seen))
        for name in re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", path.read_text(encoding="utf-8")):
            found.add(name)
        cache[path] = found
    return cache[path]


def check(root):
    broken = []
    count = 0
    names = {page.name for page in pages(root)}
    for page in pages(root):
        text = page.read_text(encoding="utf-8")
        # Inline code is blanked for finding links, so a link shown as code is not one.
        for number, line in lines_outside_code(text):
            for match in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                target = match.group(1) or match.group(2)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
                    continue  # http:, https:, mailto:: not fetched
                count += 1
                where = f"{page.relative_to(root)}:{number}: ({target})"
                file_part, _, fragment = target.partition("#")
                resolved = page if not file_part else (page.parent / file_part).resolve()
                if not resolved.exists():
                    broken.append(f"{where}: no such file {file_part}")
                    continue
                try:
                    resolved.relative_to(root)
                except ValueError:
                    broken.append(f"{where}: outside the repository (users have only the repository)")
                    continue
                if fragment and resolved.suffix == ".md" and fragment not in anchors_of(resolved):
                    broken.append(f"{where}: {resolved.relative_to(root)} has no heading #{fragment}")
            for mention in MENTION.findall(line):
                if mention not in names:
                    broken.append(f"{page.relative_to(root)}:{number}: names {mention}, which the repository does not have")
    return count, broken


def main():
    root = Path(sys.argv[1]).resolve()
    count, broken = check(root)
    for line in broken:
        print(line)
    if broken:
        print(f"links: {len(broken)} of {count} relative links are broken")
        return 1
    if count == 0:
        print("links: no relative link found: is SOURCE_DIR the repository?")
        return 1
    print(f"ok: {count} relative links resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
