#!/usr/bin/env python3
"""Load benchmark of `vnsearch serve` over loopback, bounded in time and count.

Usage (from the project root, after `cargo build --release`):
    python3 bench/load.py [--corpus ../shared/corpus/news.jsonl.gz]
                          [--index target/bench/news-index]
                          [--requests 600] [--seconds 20] [--soak 10000]

Builds the index of the news corpus once (reused on later runs), starts
`vnsearch serve` on a free loopback port, and sends title queries (two or
three consecutive words of real headlines, fixed seed) with diacritics,
without, and with a city filter, through the native API (`GET /api/search`)
and the Meilisearch-compatible one (`POST /indexes/articles/search`), at 1, 8
and 32 concurrent clients (keep-alive connections, one per client). Each cell
stops after --requests requests or --seconds seconds, whichever comes first.
Then a soak of --soak requests at 8 clients records the server's resident
memory every 1,000 requests. Prints throughput, p50/p99 latency and errors
per cell, and the memory figures. Only 127.0.0.1 is ever contacted.
"""
import argparse
import gzip
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "vnsearch")


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def title_queries(corpus, n, seed=20261125):
    titles = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 50 == 0:
                t = json.loads(line).get("title") or ""
                words = [w for w in t.split() if w.isalpha()]
                if len(words) >= 3:
                    titles.append(words)
    rng = random.Random(seed)
    rng.shuffle(titles)
    out = []
    for words in titles[:n]:
        k = rng.choice([2, 3])
        start = rng.randrange(0, len(words) - k + 1)
        out.append(unicodedata.normalize("NFC", " ".join(words[start:start + k])))
    return out


def ensure_index(corpus, index):
    if os.path.exists(os.path.join(index, "meta.json")):
        probe = subprocess.run([BIN, "search", "x", "--index", index, "--json"],
                               capture_output=True)
        if probe.returncode == 0:
            return
    print(f"building {index} from {corpus} (once) ...", flush=True)
    subprocess.run([BIN, "index", corpus, "--index", index, "--rebuild"], check=True)


def start_server(index):
    proc = subprocess.Popen([BIN, "serve", "--quiet", "--addr", "127.0.0.1:0", "--index", index],
                            stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    addr = first.split("http://")[1].split("/")[0]
    threading.Thread(target=lambda: proc.stderr.read(), daemon=True).start()
    host, port = addr.rsplit(":", 1)
    assert host == "127.0.0.1"
    return proc, int(port)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Request:
    def __init__(self, method, path, body=None):
        self.method, self.path = method, path
        self.body = json.dumps(body).encode() if body is not None else None


def native(q, city=None):
    params = [("q", q)] + ([("city", city)] if city else [])
    return Request("GET", "/api/search?" + urllib.parse.urlencode(params))


def meili(q, city=None):
    body = {"q": q, "limit": 10, "attributesToHighlight": ["title", "body"],
            "attributesToCrop": ["body"], "cropLength": 30}
    if city:
        body["filter"] = f"city = '{city}'"
    return Request("POST", "/indexes/articles/search", body)


def run_cell(port, requests, clients, max_requests, max_seconds):
    """Sends requests (cycled) from `clients` threads; returns latencies, errors, seconds."""
    lock = threading.Lock()
    state = {"next": 0, "errors": 0}
    latencies = []
    deadline = time.perf_counter() + max_seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = state["next"]
                if i >= max_requests or time.perf_counter() > deadline:
                    break
                state["next"] += 1
            r = requests[i % len(requests)]
            headers = {"Content-Type": "application/json"} if r.body else {}
            started = time.perf_counter()
            try:
                conn.request(r.method, r.path, body=r.body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except Exception:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ms = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(ms)
                if not ok:
                    state["errors"] += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, state["errors"], time.perf_counter() - started


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round((len(values) - 1) * p))] if values else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--index", default=os.path.join(ROOT, "target", "bench", "news-index"))
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--requests", type=int, default=600, help="most requests per cell")
    ap.add_argument("--seconds", type=float, default=20, help="most seconds per cell")
    ap.add_argument("--soak", type=int, default=10000, help="requests in the memory soak")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    ensure_index(args.corpus, args.index)
    accented = title_queries(args.corpus, args.queries)
    unaccented = [fold(q) for q in accented]
    proc, port = start_server(args.index)
    try:
        # A city for each query: the top city of its own results.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with_city = []
        for q in accented:
            conn.request("GET", "/api/search?" + urllib.parse.urlencode([("q", q), ("limit", "1")]))
            cities = json.loads(conn.getresponse().read())["facets"]["city"]
            if cities:
                with_city.append((q, next(iter(cities))))
        conn.request("GET", "/health")
        resp = conn.getresponse()
        resp.read()
        meili_ok = resp.status == 200
        conn.close()
        scenarios = [
            ("native, accented", [native(q) for q in accented]),
            ("native, unaccented", [native(q) for q in unaccented]),
            ("native, accented + city", [native(q, c) for q, c in with_city]),
            ("native, unaccented + city", [native(fold(q), c) for q, c in with_city]),
        ]
        if meili_ok:
            scenarios += [
                ("meilisearch, accented", [meili(q) for q in accented]),
                ("meilisearch, unaccented", [meili(q) for q in unaccented]),
                ("meilisearch, accented + city", [meili(q, c) for q, c in with_city]),
            ]
        print(f"server pid {proc.pid}, {len(accented)} title queries, {len(with_city)} with a city")
        print(f"{'scenario':<30} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        rows = []
        for name, requests in scenarios:
            run_cell(port, requests, 2, 40, 10)  # warm-up
            for clients in (1, 8, 32):
                lat, errors, secs = run_cell(port, requests, clients, args.requests, args.seconds)
                row = (name, clients, len(lat), errors, len(lat) / secs, pct(lat, 0.5), pct(lat, 0.99))
                rows.append(row)
                print(f"{row[0]:<30} {row[1]:>7} {row[2]:>8} {row[3]:>6} {row[4]:>8.1f} {row[5]:>8.1f} {row[6]:>8.1f}", flush=True)
        # Memory soak: every scenario mixed, 8 clients.
        mixed = [r for _, requests in scenarios for r in requests]
        random.Random(7).shuffle(mixed)
        samples = [rss_mb(proc.pid)]
        errors = 0
        lat_all = []
        for _ in range(max(1, args.soak // 1000)):
            lat, e, _ = run_cell(port, mixed, 8, 1000, 120)
            errors += e
            lat_all += lat
            samples.append(rss_mb(proc.pid))
        print(f"\nsoak: {len(lat_all)} mixed requests at 8 clients, {errors} errors, "
              f"p50 {pct(lat_all, 0.5):.1f} ms, p99 {pct(lat_all, 0.99):.1f} ms")
        print("server RSS (MB) every 1,000 requests: " + ", ".join(f"{m:.0f}" for m in samples))
        print(f"RSS start {samples[0]:.0f} MB, after first 1,000 {samples[1]:.0f} MB, end {samples[-1]:.0f} MB")
        print(json.dumps({"cells": rows, "soak_rss_mb": samples, "soak_errors": errors}))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
