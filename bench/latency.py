#!/usr/bin/env python3
"""Edit-to-served latency of `patrika serve`: edit a briefing, then poll the served
page until the edit shows. Prints one number (milliseconds) per try.

usage: latency.py BASE_URL FILE [TRIES] [KIND]

BASE_URL is where serve answers (http://127.0.0.1:1111); FILE a briefing of the site
(content/<section>/<slug>.<lang>.md, without a `slug` of its own). KIND is what the
edit changes:

  body    a paragraph with a marker is added (the default)
  title   the title becomes a marker: lists, feeds and related briefings move
  date    the date moves to 2030-01-01 (newest first: every list page of its lists
          moves), with a marker as its summary so that the page shows it
  topics  the topics become ["latency-topic"] (a new topic list; the old ones lose
          the briefing), with a marker as its summary
  new     a new briefing beside FILE, dated 2030-01-01 (newest: at the top of its
          lists), its body FILE's, a marker as its title; polled at its URL
  delete  FILE is deleted; polled until its URL answers 404

After each try the file is put back and the page polled until it shows that too.
"""
import os
import re
import sys
import time
import urllib.error
import urllib.request


def fetch(url):
    """(status, text) of a GET; (0, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except Exception:
        return 0, ""


def page_url(base, path):
    """The URL of a briefing file without its own slug: /{lang}/{section}/{stem}/."""
    rel = path.split("content/", 1)[1]
    folder, name = os.path.split(rel)
    stem, lang, _ = name.rsplit(".", 2)
    return f"{base.rstrip('/')}/{lang}/{folder}/{stem}/"


def set_field(text, key, value):
    """The text with a top-level front matter field set (replaced, or added first)."""
    head, sep, rest = text[3:].partition("\n+++")
    pattern = re.compile(rf"^{key} = .*$", re.M)
    if pattern.search(head):
        head = pattern.sub(f"{key} = {value}", head, count=1)
    else:
        head = f"\n{key} = {value}" + head
    return "+++" + head + sep + rest


def wait_until(check, limit=30):
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > limit:
            return None
        time.sleep(0.002)
    return (time.perf_counter() - started) * 1000


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def one_try(base, path, original, kind, attempt):
    """Makes one edit of `kind`; returns (milliseconds until served, how to undo it)."""
    marker = f"latency-marker-{attempt}-{time.time_ns()}"
    url = page_url(base, path)
    shows = lambda u, m: lambda: m in fetch(u)[1]
    if kind == "body":
        write(path, original.rstrip("\n") + f"\n\n{marker}\n")
        return wait_until(shows(url, marker)), None
    if kind == "title":
        write(path, set_field(original, "title", f'"{marker}"'))
        return wait_until(shows(url, marker)), None
    if kind == "date":
        write(path, set_field(set_field(original, "date", "2030-01-01"), "summary", f'"{marker}"'))
        return wait_until(shows(url, marker)), None
    if kind == "topics":
        write(path, set_field(set_field(original, "topics", '["latency-topic"]'), "summary", f'"{marker}"'))
        return wait_until(shows(url, marker)), None
    if kind == "new":
        # Today's briefing: newest of all, at the top of every list it is on.
        folder, name = os.path.split(path)
        new = os.path.join(folder, f"latency-{attempt}.{name.rsplit('.', 2)[1]}.md")
        body = original[3:].partition("\n+++")[2]
        write(new, f'+++\ntitle = "{marker}"\ndate = 2030-01-01\ntopics = ["economy"]\n+++{body}')
        return wait_until(shows(page_url(base, new), marker)), new
    if kind == "delete":
        os.remove(path)
        return wait_until(lambda: fetch(url)[0] == 404), None
    raise SystemExit(f"unknown kind {kind}")


def main():
    base, path = sys.argv[1], sys.argv[2]
    tries = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    kind = sys.argv[4] if len(sys.argv) > 4 else "body"
    with open(path, encoding="utf-8") as f:
        original = f.read()
    url = page_url(base, path)
    try:
        for attempt in range(tries):
            ms, made = one_try(base, path, original, kind, attempt)
            print("timeout" if ms is None else f"{ms:.1f}", flush=True)
            # Undo, and wait until the site shows the page as it was before the next try.
            if made:
                os.remove(made)
                wait_until(lambda: fetch(page_url(base, made))[0] == 404)
            write(path, original)
            wait_until(lambda: fetch(url)[0] == 200 and "latency-marker" not in fetch(url)[1])
            time.sleep(0.3)
    finally:
        write(path, original)


if __name__ == "__main__":
    main()
