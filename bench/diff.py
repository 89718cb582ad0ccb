#!/usr/bin/env python3
"""`patrika diff` and the translation desk on a source whose every paragraph changed.

Makes a site in a git repository (under $BENCH_DIR, default a folder on /dev/shm):
a Hindi source of N paragraphs (default 20,000), committed; its English
translation, recorded as matching it (`translate --done`); then every paragraph
of the source edited on disk. Times `patrika diff` (text and JSON) and the desk
as one file (`status --format html`), each RUNS times, with wall time and peak
memory (max RSS) from `/usr/bin/time -v`, and prints a Markdown table.

usage: bench/diff.py [PATRIKA_BINARY]     (default: target/release/patrika)
env:   PARAGRAPHS=20000 RUNS=3 BENCH_DIR=/dev/shm/patrika-diff-bench
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = """base_url = "https://example.org/"
default_language = "hi"
theme = "default"

[languages.hi]
name = "हिन्दी"
title = "समाचार"
description = "परीक्षण"

[languages.en]
name = "English"
title = "News"
description = "A test"
"""
WORDS = "बारिश जल्दी आई केरल में तीन दिन पहले किसान ख़ुश हैं मौसम विभाग ने कहा".split()


def paragraph(i, edited):
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(24)]
    words.insert(3, f"{i:05d}")
    if edited:
        # One word changed and one added: the edit a desk reader looks for.
        words[10] = "बदला"
        words.append("संशोधित।")
    return " ".join(words)


def source(n, edited):
    body = "\n\n".join(paragraph(i, edited) for i in range(n))
    return f'+++\ntitle = "मानसून"\ndate = 2026-01-01\nsummary = "मानसून का हाल"\n+++\n\n{body}\n'


def git(site, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Desk", GIT_AUTHOR_EMAIL="desk@example.org",
               GIT_COMMITTER_NAME="Desk", GIT_COMMITTER_EMAIL="desk@example.org")
    subprocess.run(["git", "-C", site, *args], check=True, env=env, stdout=subprocess.DEVNULL)


def make_site(work, binary, n):
    site = os.path.join(work, "site")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(site, "content/briefings"))
    with open(os.path.join(site, "config.toml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    src = os.path.join(site, "content/briefings/monsoon.hi.md")
    en = os.path.join(site, "content/briefings/monsoon.en.md")
    with open(src, "w", encoding="utf-8") as f:
        f.write(source(n, edited=False))
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "source")
    subprocess.run([binary, "translate", src, "--to", "en"], check=True, stdout=subprocess.DEVNULL)
    with open(en, encoding="utf-8") as f:
        text = f.read().replace("draft = true", "draft = false")
    with open(en, "w", encoding="utf-8") as f:
        f.write(text)
    subprocess.run([binary, "translate", "--done", en], check=True, stdout=subprocess.DEVNULL)
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "translation")
    with open(src, "w", encoding="utf-8") as f:
        f.write(source(n, edited=True))
    return site, en


def timed(args):
    """Wall seconds and peak RSS (MB) of one run; the command must succeed."""
    done = subprocess.run(["/usr/bin/time", "-v", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) / 1024, len(done.stdout)


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/patrika"))
    n = int(os.environ.get("PARAGRAPHS", "20000"))
    runs = int(os.environ.get("RUNS", "3"))
    work = os.environ.get("BENCH_DIR", "/dev/shm/patrika-diff-bench")
    site, en = make_site(work, binary, n)
    cases = [
        ("`patrika diff` (text)", [binary, "diff", en]),
        ("`patrika diff --format json`", [binary, "diff", en, "--format", "json"]),
        ("desk (`status --format html`)", [binary, "status", "--root", site, "--format", "html"]),
    ]
    print(f"{n:,} paragraphs, every one changed; {runs} runs each (median, and the slowest)\n")
    print("| command | wall time | peak memory | output |")
    print("|---|---:|---:|---:|")
    for name, args in cases:
        results = sorted(timed(args) for _ in range(runs))
        median, slowest = results[len(results) // 2], results[-1]
        rss = max(r[1] for r in results)
        print(f"| {name} | {median[0]:.2f} s (≤ {slowest[0]:.2f} s) | {rss:.0f} MB | {median[2] / 1e6:.1f} MB |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
