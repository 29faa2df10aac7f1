#!/usr/bin/env python3
"""Gives the files of a clean clone back the modification times they had at the last build.

Cargo decides what to rebuild from modification times, and a clone makes every file new: each
CI run rebuilt every crate of ours and relinked every test, in debug and for Lambda, even where
nothing had changed (9 of the 18 minutes of a run). A file whose content is the one recorded
at the last run gets back the time it had then, which is older than what cargo built from it;
a changed or new file keeps the clone's time, newer than anything built, and is rebuilt.

The record (`<record>`: one "sha256 mtime path" line per file) is written at once with the
times the files have now: the times the next build starts from. A build that fails midway
leaves it right: what was not rebuilt is older than those times. The build cache must hold
only what such clones built: a build of other content into it (another checkout, edited) after
the record would be taken for these files'.

Usage: source-times.py <record> <file or folder>...   (folders are walked, `.git` left out)
"""

import hashlib
import os
import sys


def files(roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
            continue
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [name for name in subfolders if name != ".git"]
            for name in names:
                path = os.path.join(folder, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    yield path


def digest(path):
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def main():
    record, roots = sys.argv[1], sys.argv[2:]
    known = {}
    if os.path.exists(record):
        with open(record, encoding="utf-8") as lines:
            for line in lines:
                sha, mtime, path = line.rstrip("\n").split(" ", 2)
                known[path] = (sha, int(mtime))
    restored = changed = 0
    now = []
    for path in sorted(set(files(roots))):
        sha = digest(path)
        if known.get(path, (None, None))[0] == sha:
            mtime = known[path][1]
            os.utime(path, ns=(mtime, mtime))
            restored += 1
        else:
            changed += 1
        now.append(f"{sha} {os.stat(path).st_mtime_ns} {path}\n")
    temporary = record + ".new"
    with open(temporary, "w", encoding="utf-8") as out:
        out.writelines(now)
    os.replace(temporary, record)
    print(f"source-times: {restored} files as at the last build, {changed} new or changed")


if __name__ == "__main__":
    main()
