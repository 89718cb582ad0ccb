#!/usr/bin/env python3
"""Edit-to-served latency: append a marker to a content file, then poll the
served page until the marker appears. Prints one number (milliseconds) per try.

usage: latency.py URL FILE [TRIES]
"""
import sys
import time
import urllib.request


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except Exception:
        return ""


def main():
    url, path = sys.argv[1], sys.argv[2]
    tries = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with open(path, encoding="utf-8") as f:
        original = f.read()
    try:
        for attempt in range(tries):
            marker = f"latency-marker-{attempt}-{time.time_ns()}"
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.rstrip("\n") + f"\n\n{marker}\n")
            started = time.perf_counter()
            while marker not in fetch(url):
                if time.perf_counter() - started > 30:
                    print("timeout", flush=True)
                    break
                time.sleep(0.002)
            else:
                print(f"{(time.perf_counter() - started) * 1000:.1f}", flush=True)
            time.sleep(0.3)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)


if __name__ == "__main__":
    main()
