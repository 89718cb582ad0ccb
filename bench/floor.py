#!/usr/bin/env python3
"""The floor of a build (issue 13): the time to read every input file and to write
the same output bytes, with no processing in between. Prints "read_ms write_ms".

usage: floor.py CONTENT_DIR BUILT_OUTPUT_DIR SCRATCH_DIR

The output bytes are loaded before the clock starts; writing makes each folder once
and each file with one create, as a writer that knows its folders would. Python's
own cost per file (a few microseconds) is included, so the floor is a little high.
"""
import os
import shutil
import sys
import time


def files_under(root):
    for folder, _, names in os.walk(root):
        for name in names:
            yield os.path.join(folder, name)


def main():
    content, built, scratch = sys.argv[1:4]
    outputs = []
    for path in files_under(built):
        with open(path, "rb") as f:
            outputs.append((os.path.relpath(path, built), f.read()))
    shutil.rmtree(scratch, ignore_errors=True)
    started = time.perf_counter()
    for path in files_under(content):
        with open(path, "rb") as f:
            f.read()
    read = time.perf_counter() - started
    started = time.perf_counter()
    made = set()
    for rel, data in outputs:
        folder = os.path.dirname(os.path.join(scratch, rel))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(os.path.join(scratch, rel), "wb") as f:
            f.write(data)
    write = time.perf_counter() - started
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"{read * 1000:.0f} {write * 1000:.0f}")


if __name__ == "__main__":
    main()
