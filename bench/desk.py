#!/usr/bin/env python3
"""The translation desk of `patrika serve` at scale: requests timed from outside.

Generates the benchmark corpus (`examples/corpus.rs`, N pairs, under $BENCH_DIR,
default a folder on /dev/shm) unless it is there, starts `patrika serve` on it,
and the moment serve prints its address:
- asks for the desk (`/__patrika/desk/`): the first request, then LATER more;
- asks for one stale translation in the editor, and for its file through the API;
- asks translation memory for suggestions for SUGGEST source blocks of other
  briefings, as written (exact matches) and with every third word dropped and
  their numbers changed (fuzzy matches, numbers adapted); the first suggestion
  request waits for the memory to be made, and says how long that took;
- saves one edited block (`PUT api/file`) and checks unsaved text (`POST api/check`).
Prints a Markdown table of milliseconds (median and slowest where repeated).

usage: bench/desk.py [PATRIKA_BINARY]     (default: target/release/patrika)
env:   PAIRS=10000 LATER=20 SUGGEST=200 BENCH_DIR=/dev/shm/patrika-desk-bench
"""
import glob
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def request(port, method, path, body=None, api=True):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"X-Patrika-Desk": "1"} if api else {}
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers)
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as response:
        raw = response.read()
    return (time.perf_counter() - started) * 1000, raw


def corpus(pairs, where):
    site = os.path.join(where, f"corpus-{pairs}")
    if not os.path.isdir(site):
        os.makedirs(where, exist_ok=True)
        subprocess.run(
            ["cargo", "run", "--release", "--example", "corpus", "--", "--pairs", str(pairs), "--seed", "1", "--out", site],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )
    return site


def serve(binary, site):
    process = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    for line in process.stdout:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            return process, int(found.group(1))
    raise SystemExit("serve printed no address")


def source_blocks(site, count):
    """Paragraphs of Hindi originals, as written and made fuzzy (a word in three gone, numbers changed)."""
    exact, fuzzy = [], []
    for path in sorted(glob.glob(os.path.join(site, "content/briefings/*.hi.md")))[500:]:
        body = open(path, encoding="utf-8").read().split("+++", 2)[2]
        for block in (b.strip() for b in body.split("\n\n")):
            if len(block.split()) < 12 or block.startswith(("#", "-", ">")):
                continue
            exact.append(block)
            words = [w for i, w in enumerate(block.split()) if i % 3 != 1]
            fuzzy.append(re.sub(r"\d+", lambda m: str(int(m.group()) + 7), " ".join(words)))
            if len(exact) == count:
                return exact, fuzzy
    return exact, fuzzy


def summary(times):
    times = sorted(times)
    return f"{times[len(times) // 2]:.0f} (slowest {times[-1]:.0f})"


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/patrika")
    pairs = int(os.environ.get("PAIRS", "10000"))
    later_runs = int(os.environ.get("LATER", "20"))
    suggest_runs = int(os.environ.get("SUGGEST", "200"))
    site = corpus(pairs, os.environ.get("BENCH_DIR", "/dev/shm/patrika-desk-bench"))
    exact, fuzzy = source_blocks(site, suggest_runs)
    opened = None
    process, port = serve(binary, site)
    rows = []
    try:
        first, _ = request(port, "GET", "/__patrika/desk/", api=False)
        rows.append(("desk, first request (sent the moment serve prints its address)", f"{first:.0f}"))
        later = [request(port, "GET", "/__patrika/desk/", api=False)[0] for _ in range(later_runs)]
        rows.append((f"desk, later requests ({later_runs})", summary(later)))
        pages = [request(port, "GET", f"/__patrika/desk/?show=all&page={n}", api=False)[0] for n in range(2, 12)]
        rows.append(("desk, pages 2–11 of all sets", summary(pages)))
        _, raw = request(port, "GET", "/__patrika/desk/api/sets")
        key = next(s["key"] for s in json.loads(raw) if "stale" in s["languages"].values())
        target = f"content/{key}.en.md"
        made, _ = request(port, "POST", "/__patrika/desk/api/suggest", {"path": target, "text": exact[0]})
        rows.append(("first suggestion (waits for translation memory to be made)", f"{made:.0f}"))
        for name, blocks in (("exact", exact), ("fuzzy, numbers changed", fuzzy)):
            times, found = [], 0
            for block in blocks:
                ms, raw = request(port, "POST", "/__patrika/desk/api/suggest", {"path": target, "text": block})
                times.append(ms)
                found += bool(json.loads(raw)["suggestions"])
            rows.append((f"suggestions for a block, {name} ({len(blocks)} blocks, {found} with a suggestion)", summary(times)))
        editor = [request(port, "GET", f"/__patrika/desk/edit?path={target}", api=False)[0] for _ in range(5)]
        rows.append(("editor page of a stale translation", summary(editor)))
        ms, raw = request(port, "GET", f"/__patrika/desk/api/file?path={target}")
        rows.append(("`GET api/file`", f"{ms:.0f}"))
        opened = json.loads(raw)
        text = opened["text"].replace("\n\n", "\n\nEdited. ", 1)
        ms, _ = request(port, "POST", "/__patrika/desk/api/check", {"path": target, "text": text})
        rows.append(("`POST api/check` (QA of unsaved text)", f"{ms:.0f}"))
        ms, _ = request(port, "PUT", "/__patrika/desk/api/file", {"path": target, "text": text, "base_hash": opened["hash"]})
        rows.append(("`PUT api/file` (save)", f"{ms:.0f}"))
    finally:
        process.terminate()
        process.wait()
        if opened is not None:
            with open(os.path.join(site, opened["path"]), "w", encoding="utf-8") as f:
                f.write(opened["text"])
    print(f"| {pairs:,} pairs | ms |\n|---|---:|")
    for what, value in rows:
        print(f"| {what} | {value} |")


if __name__ == "__main__":
    main()
