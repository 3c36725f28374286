#!/usr/bin/env python3
"""vnsearch side by side with SQLite FTS5 on the same machine and articles.

Usage (from the project root):
    python3 bench/compare.py [--corpus ../shared/corpus/news.jsonl.gz] [--limit N]

Steps, all in one run:
 1. `vnsearch inspect --json` extracts the cleaned articles once (the text both
    engines index; not timed as part of either build).
 2. Builds the vnsearch index from the raw corpus file (`vnsearch index`,
    full pipeline: decompression, extraction, analysis), an SQLite FTS5
    index (`unicode61 remove_diacritics 2`) of the cleaned articles, and,
    as the floor set by the engine, a plain tantivy index of the cleaned
    articles (benches/engine_floor.rs: default analyzer, title and body
    with positions, stored), each in a child process whose peak memory
    (max RSS) is read from wait4().
 3. Runs the same queries against both: at least 200 drawn from real titles,
    with and without diacritics, with and without a city filter. vnsearch is
    timed in-process (benches/query_latency.rs), FTS5 in-process through
    Python's sqlite3 (top 10 by bm25 with snippet()); whole `vnsearch search`
    processes are timed too.
 4. Prints build seconds, articles/s, index size relative to the cleaned text,
    latency median/p95/p99, peak memory, vnsearch/FTS5 ratios, and for queries
    typed without diacritics how many top-10 results contain the query's
    syllables in their accented form.
"""
import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "vnsearch")


def run_measured(cmd, **kw):
    """Runs cmd, returns (seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, **kw)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        sys.exit(f"command failed: {' '.join(cmd)}")
    return seconds, usage.ru_maxrss / 1024, out


def bench_executable(name):
    """Builds benches/NAME.rs and returns its executable (not the vnsearch
    binary cargo also lists when it builds it for the bench)."""
    built = subprocess.run(["cargo", "bench", "--no-run", "--bench", name, "--message-format=json"],
                           cwd=ROOT, check=True, capture_output=True).stdout.decode()
    for line in built.splitlines():
        message = json.loads(line)
        if message.get("executable") and message.get("target", {}).get("name") == name:
            return message["executable"]
    sys.exit(f"cargo did not report an executable for benches/{name}.rs")


def dir_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text):
    out, cur = [], []
    for c in text:
        if c.isalnum() or unicodedata.combining(c):
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def stats(ms):
    ms = sorted(ms)
    pick = lambda p: ms[min(len(ms) - 1, round((len(ms) - 1) * p))]
    return {"median": statistics.median(ms), "p95": pick(0.95), "p99": pick(0.99), "n": len(ms)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--queries", type=int, default=240, help="titles to draw queries from")
    ap.add_argument("--keep", help="keep work files in this folder")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        sys.exit(f"corpus {args.corpus} not found")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    # Build the in-process latency probe now, so that later edits to the
    # source tree cannot change what is measured.
    probe = bench_executable("query_latency")
    floor = bench_executable("engine_floor")
    work = args.keep or tempfile.mkdtemp(prefix="vnsearch-bench-")
    os.makedirs(work, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; corpus: {args.corpus}; work dir: {work}")

    # 1. Cleaned articles (the common input of both engines).
    cleaned = os.path.join(work, "cleaned.jsonl")
    with open(cleaned, "wb") as f:
        subprocess.run([BIN, "inspect", "--json", args.corpus], stdout=f, stderr=subprocess.DEVNULL, check=False)
    # Streamed, not kept: a child's peak memory as wait4() reports it
    # includes what this process held when it started the child (the
    # high-water mark survives exec), so the articles are loaded only after
    # the builds.
    text_bytes = count = 0
    with open(cleaned, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            text_bytes += len((a["title"] + "\n" + a["body"]).encode())
            count += 1
    raw_bytes = os.path.getsize(args.corpus)
    print(f"articles: {count}; cleaned text {text_bytes / 1e6:.1f} MB; raw file {raw_bytes / 1e6:.1f} MB")

    # 2a. vnsearch build.
    vn_index = os.path.join(work, "vn-index")
    shutil.rmtree(vn_index, ignore_errors=True)
    vn_build_s, vn_build_mb, out = run_measured([BIN, "index", args.corpus, "--index", vn_index, "--rebuild"])
    print(out.decode().strip())
    vn_size = dir_size(vn_index)

    # 2b. FTS5 build of the cleaned text, in a child process for its peak RSS.
    fts_db = os.path.join(work, "fts5.db")
    if os.path.exists(fts_db):
        os.remove(fts_db)
    loader = f"""
import json, sqlite3
db = sqlite3.connect({fts_db!r})
db.execute("PRAGMA journal_mode=OFF"); db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, city UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')")
with open({cleaned!r}, encoding='utf-8') as f:
    db.executemany("INSERT INTO docs VALUES (?,?,?,?)",
        ((a['id'], a.get('city'), a['title'], a['body']) for a in map(json.loads, f)))
db.commit(); db.execute("INSERT INTO docs(docs) VALUES('optimize')"); db.commit()
"""
    fts_build_s, fts_build_mb, _ = run_measured([sys.executable, "-c", loader])
    fts_size = os.path.getsize(fts_db)

    # 2c. The engine alone: tantivy's default analyzer, one form of title
    # and body with positions, stored, over the same cleaned text.
    floor_index = os.path.join(work, "tantivy-floor")
    env = dict(os.environ, VNSEARCH_BENCH_CLEANED=cleaned, VNSEARCH_BENCH_OUT=floor_index)
    floor_s, floor_mb, _ = run_measured([floor], env=env)
    floor_size = dir_size(floor_index)

    with open(cleaned, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]

    # 3. Queries from real titles: 2-3 consecutive words, with and without
    # diacritics, with and without the article's city.
    rng = random.Random(20261123)
    sample = rng.sample([a for a in articles if len(words(a["title"])) >= 4], args.queries)
    queries = []
    for a in sample:
        ws = [w for w in words(a["title"]) if not w.isdigit()]
        if len(ws) < 3:
            continue
        n = rng.choice([2, 3])
        start = rng.randrange(0, len(ws) - n + 1)
        accented = " ".join(ws[start:start + n])
        queries.append({"accented": accented, "city": a.get("city")})
    sets = {
        "accented": [{"q": q["accented"], "city": None, "accented": q["accented"]} for q in queries],
        "unaccented": [{"q": fold(q["accented"]), "city": None, "accented": q["accented"]} for q in queries],
        "accented+city": [{"q": q["accented"], "city": q["city"], "accented": q["accented"]} for q in queries if q["city"]],
        "unaccented+city": [{"q": fold(q["accented"]), "city": q["city"], "accented": q["accented"]} for q in queries if q["city"]],
    }
    by_id = {a["id"]: a for a in articles}

    def accented_share(results, accented):
        """Share of top-10 results containing every accented syllable of the query."""
        want = [unicodedata.normalize("NFC", w).lower() for w in words(accented)]
        hits = ok = 0
        for ids in results:
            for i in ids:
                a = by_id.get(i)
                if a is None:
                    continue
                have = set(unicodedata.normalize("NFC", w).lower() for w in words(a["title"] + " " + a["body"]))
                hits += 1
                ok += all(w in have for w in want)
        return ok, hits

    # vnsearch, in process.
    vn_stats, vn_ids = {}, {}
    for name, qs in sets.items():
        qfile = os.path.join(work, f"queries-{name}.jsonl")
        with open(qfile, "w", encoding="utf-8") as f:
            for q in qs:
                f.write(json.dumps({"q": q["q"], "city": q["city"]}, ensure_ascii=False) + "\n")
        env = dict(os.environ, VNSEARCH_BENCH_QUERIES=qfile, VNSEARCH_BENCH_INDEX=vn_index)
        out = subprocess.run([probe], cwd=ROOT, env=env, capture_output=True, check=True).stdout.decode()
        rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
        vn_stats[name] = stats([r["ms"] for r in rows])
        vn_ids[name] = [r["ids"] for r in rows]

    # FTS5, in process.
    db = sqlite3.connect(fts_db)
    fts_stats, fts_ids = {}, {}
    for name, qs in sets.items():
        for q in qs[:5]:  # warm-up
            db.execute("SELECT id FROM docs WHERE docs MATCH ? LIMIT 10", (" ".join(f'"{w}"' for w in words(q["q"])),)).fetchall()
        ms, ids = [], []
        for q in qs:
            match = " ".join(f'"{w}"' for w in words(q["q"]))
            sql = "SELECT id, snippet(docs, 3, '<b>', '</b>', '…', 20) FROM docs WHERE docs MATCH ?"
            params = [match]
            if q["city"]:
                sql += " AND city = ?"
                params.append(q["city"])
            sql += " ORDER BY bm25(docs) LIMIT 10"
            t = time.perf_counter()
            rows = db.execute(sql, params).fetchall()
            ms.append((time.perf_counter() - t) * 1000)
            ids.append([r[0] for r in rows])
        fts_stats[name] = stats(ms)
        fts_ids[name] = ids

    # Whole processes.
    whole = []
    for q in sets["accented"][:50]:
        t = time.perf_counter()
        subprocess.run([BIN, "search", q["q"], "--index", vn_index, "--json"], capture_output=True, check=True)
        whole.append((time.perf_counter() - t) * 1000)

    # 4. Report.
    print()
    print(f"{'':28}{'vnsearch':>14}{'SQLite FTS5':>14}{'ratio':>8}{'tantivy alone':>15}{'vn/alone':>9}")

    def row(label, a, b, fmt, c=None):
        line = f"{label:28}{fmt.format(a):>14}{fmt.format(b):>14}{a / b if b else float('nan'):>8.2f}"
        if c is not None:
            line += f"{fmt.format(c):>15}{a / c if c else float('nan'):>9.2f}"
        print(line)

    row("build seconds", vn_build_s, fts_build_s, "{:.1f}", floor_s)
    row("articles/s", count / vn_build_s, count / fts_build_s, "{:.0f}", count / floor_s)
    row("index MB", vn_size / 1e6, fts_size / 1e6, "{:.1f}", floor_size / 1e6)
    row("index / cleaned text", vn_size / text_bytes, fts_size / text_bytes, "{:.2f}", floor_size / text_bytes)
    row("build peak memory MB", vn_build_mb, fts_build_mb, "{:.0f}", floor_mb)
    for name in sets:
        for p in ("median", "p95", "p99"):
            row(f"{name} {p} ms", vn_stats[name][p], fts_stats[name][p], "{:.2f}")
    print(f"{'whole process median ms':28}{statistics.median(whole):>14.1f}")
    print()
    print("queries typed without diacritics: top-10 results containing the query's accented syllables")
    for name in ("unaccented", "unaccented+city"):
        for engine, ids in (("vnsearch", vn_ids[name]), ("FTS5", fts_ids[name])):
            ok = hits = 0
            for q, result in zip(sets[name], ids):
                o, h = accented_share([result], q["accented"])
                ok, hits = ok + o, hits + h
            empty = sum(1 for r in ids if not r)
            print(f"  {name:18} {engine:9} {ok:5}/{hits:<5} results ({ok / max(hits, 1):.0%}); {empty} queries with no result")
    print(f"queries: {len(sets['accented'])} accented + {len(sets['unaccented'])} unaccented, "
          f"{len(sets['accented+city'])} of each with a city filter")


if __name__ == "__main__":
    main()
