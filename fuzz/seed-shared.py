#!/usr/bin/env python3
"""Adds real crawl inputs to the working corpora (fuzz/corpus/TARGET/, git
ignored): a few hundred lines sampled evenly through
../shared/corpus/*.jsonl.gz (or the folder given as the first argument),
shaped for each target. They are not committed: the shared corpus is
third-party news that must not be redistributed with the project (its
README), so fuzz/run.sh calls this before fuzzing when the folder exists.

Usage: fuzz/seed-shared.py [CORPUS_DIR] [LINES_PER_FILE]"""

import gzip
import hashlib
import json
import pathlib
import sys

FUZZ = pathlib.Path(__file__).resolve().parent
SHARED = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else FUZZ.parent.parent / "shared" / "corpus"
PER_FILE = int(sys.argv[2]) if len(sys.argv) > 2 else 200
# Records per file (README of the shared corpus), to sample evenly.
RECORDS = {"news.jsonl.gz": 104_608, "rss.jsonl.gz": 49_813}


def sample(path):
    step = max(1, RECORDS.get(path.name, PER_FILE * 100) // PER_FILE)
    lines = []
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            if n % step == 0:
                lines.append(line.rstrip("\n"))
                if len(lines) >= PER_FILE:
                    break
    return lines


def put(target, items, limit):
    out = FUZZ / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for item in items:
        data = item.encode("utf-8")[:limit] if isinstance(item, str) else item[:limit]
        if not data:
            continue
        (out / ("shared-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)
        n += 1
    print(f"{target}: {n} inputs from {SHARED}")


files = sorted(SHARED.glob("*.jsonl.gz"))
if not files:
    sys.exit(f"no *.jsonl.gz in {SHARED}; nothing added")
lines = [l for f in files for l in sample(f)]
records = []
for line in lines:
    try:
        records.append(json.loads(line))
    except ValueError:
        pass

def s(r, k):
    v = r.get(k)
    return v if isinstance(v, str) else ""

put("json_records", lines, 16384)
put("json_records", ["\n".join(lines[i:i + 8]) for i in range(0, len(lines), 40)], 16384)
put("text_article", [f"{s(r, 'title')}\n\n{s(r, 'date')}\n{s(r, 'text')}" for r in records], 16384)
put("analyzer", [p for r in records[::2] for p in s(r, "text").split("\n")[:2]], 8192)
put("date", [s(r, "date") for r in records if s(r, "date")] + [s(r, "text")[:300] for r in records[::4]], 512)
put("gazetteer", [f"{s(r, 'title')}\n{s(r, 'text')[:500]}\n{s(r, 'text')[500:3000]}" for r in records], 8192)
opts = "@ABDHP`"
put("query", [opts[i % len(opts)] + " ".join(s(r, "title").split()[:1 + i % 6]) for i, r in enumerate(records)], 2048)
put("meili_filter", [f'source = "{s(r, "source")}"' for r in records[::10] if s(r, "source")]
    + [f"date = {s(r, 'date')[:10]}" for r in records[::10] if s(r, "date")], 2048)
put("meili_request", [json.dumps({"q": " ".join(s(r, "title").split()[:3]), "limit": 3,
                                  "attributesToHighlight": ["title"], "attributesToCrop": ["body"]},
                                 ensure_ascii=False) for r in records[::5]], 4096)
