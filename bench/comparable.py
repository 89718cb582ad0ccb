#!/usr/bin/env python3
"""Checks that the like-for-like outputs of Patrika and Hugo are comparable before a
ratio is quoted (issue 25): the same kind of pages, the same lists, similar sizes.

usage: comparable.py PATRIKA_OUTPUT HUGO_OUTPUT

Prints, per engine, files, bytes, HTML pages, list items (a `<li><a …> <time>` line of
the shared templates' lists) and the list items on topic pages; exits 1 when a list kind
lists nothing on one side while the other's does (an older copy of the Hugo layouts had
its term pages and home page list nothing), or when list items or bytes differ by more
than a tenth.
"""
import os
import re
import sys

LIST_ITEM = re.compile(rb"^<li><a href=\"[^\"]*\">.*</a> <time>", re.M)


def measure(root, topic_folder):
    """Files, bytes, HTML pages, list items everywhere, list items on topic pages, on the home pages."""
    files = size = pages = items = topic_items = home_items = 0
    for folder, _, names in os.walk(root):
        rel = os.path.relpath(folder, root).split(os.sep)
        for name in names:
            path = os.path.join(folder, name)
            files += 1
            size += os.path.getsize(path)
            if not name.endswith(".html"):
                continue
            pages += 1
            with open(path, "rb") as f:
                found = len(LIST_ITEM.findall(f.read()))
            items += found
            if topic_folder in rel and rel[-1] != topic_folder:
                topic_items += found
            if name == "index.html" and rel in (["."], ["hi"], ["en"]):
                home_items += found
    return {"files": files, "bytes": size, "html": pages, "items": items, "topic": topic_items, "home": home_items}


def main():
    patrika = measure(sys.argv[1], "topics")
    hugo = measure(sys.argv[2], "tags")
    for name, m in (("patrika", patrika), ("hugo", hugo)):
        print(
            f"{name}: {m['files']} files, {m['bytes'] / 1048576:.0f} MB, {m['html']} HTML pages, "
            f"{m['items']} list items ({m['topic']} on topic pages, {m['home']} on home pages)"
        )
    problems = []
    for kind in ("topic", "home"):
        if (patrika[kind] == 0) != (hugo[kind] == 0):
            problems.append(f"{kind} pages list briefings on one side only")
    for what in ("items", "bytes"):
        if abs(patrika[what] - hugo[what]) > max(patrika[what], hugo[what]) / 10:
            problems.append(f"{what} differ by more than a tenth")
    for problem in problems:
        print(f"not comparable: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
