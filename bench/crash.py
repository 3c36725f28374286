#!/usr/bin/env python3
"""Crash consistency of `vnsearch index`, measured with SIGKILL at random moments.

Usage (from the project root, after `cargo build --release`):
    python3 bench/crash.py [--corpus ../shared/corpus/news.jsonl.gz]
                           [--articles 3000] [--kills 20] [--server-kills 20]
                           [--seed 20261202] [--work target/bench/crash]

What it does:
1. Writes the first --articles lines of the news corpus as two versions of
   one corpus folder of six JSON Lines files (in the system's temporary
   folder, removed at the end): the "old" version (files 0-4)
   and the "new" one (file 0 unchanged, file 1 with a fifth of its articles
   edited: headline and text, file 2 with a third of its articles removed,
   file 3 deleted, file 4 with some removed and some added, file 5 new).
2. Builds the old index once (the template), then runs the update to the new
   version once, uninterrupted, on a copy: that run's duration T is the
   window the kills are drawn from, and its documents are the "new" set.
   Each kill is at a random fraction (fixed seed) of the window; the machine
   is shared, so the window follows the load: every later uninterrupted run
   of the whole update (the recovery run after a kill that left the old
   set) replaces it with its own duration.
3. --kills times (fixed seed): a fresh copy of the old index, `vnsearch index`
   of the new version started and SIGKILLed after a random delay in [0, T];
   then the index must open, several searches (search, unaccented search
   with a filter, count, show) must exit 0, and the documents (`search '*'
   --all --format jsonl --fields id,title`: ids and headlines, so edits
   count) must be exactly the old set or exactly the new set. Then the
   update is run again to completion and must give the new set.
4. --server-kills times the same with `vnsearch serve` running on the copy
   (loopback, free port) and a thread reading it throughout (native export
   of every document, native and Meilisearch searches, /stats): every answer
   must be 200 and every document set old or new; once the update has
   committed, the server must answer with the new set within 5 s.

Prints each kill (delay, outcome) and the totals: consistent/kills, and how
many kills landed before the commit (old set), after it (new set, process
killed) or after the run had already finished. Exit status 1 if any check
failed. Only 127.0.0.1 is contacted; everything is written under --work.
"""
import argparse
import gzip
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "vnsearch")
CMD_TIMEOUT = 900  # seconds any one vnsearch command may take (the machine is shared)


def read_articles(corpus, n):
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) == n:
                break
    if len(out) < n:
        sys.exit(f"{corpus} has only {len(out)} articles")
    return out


def corpus_versions(articles):
    """The old and new versions of the corpus: file name -> list of records."""
    k = len(articles) // 6
    files = [articles[i * k:(i + 1) * k] for i in range(6)]
    old = {f"part{i}.jsonl": files[i] for i in range(5)}
    new = {"part0.jsonl": files[0]}
    edited = []
    for j, a in enumerate(files[1]):
        if j % 5 == 0:
            a = dict(a)
            a["title"] = (a.get("title") or "") + " (bản sửa)"
            a["text"] = (a.get("text") or "") + "\n\nBài viết đã được sửa: thêm đoạn kết."
            edited.append(a["id"])
        new.setdefault("part1.jsonl", []).append(a)
    new["part2.jsonl"] = [a for j, a in enumerate(files[2]) if j % 3 != 0]
    # part3 is deleted.
    half = len(files[5]) // 2
    new["part4.jsonl"] = [a for j, a in enumerate(files[4]) if j % 4 != 0] + files[5][:half]
    new["part5.jsonl"] = files[5][half:]
    return old, new, edited


def write_corpus(folder, version):
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    for name, records in version.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=CMD_TIMEOUT, **kw)


def doc_set(index):
    """Sorted (id, title) pairs of every document, or an error string."""
    p = run(["search", "*", "--all", "--format", "jsonl", "--fields", "id,title", "--index", index])
    if p.returncode != 0:
        return f"search '*' exited {p.returncode}: {p.stderr.decode(errors='replace').strip()[:300]}"
    return sorted((r["id"], r["title"]) for r in map(json.loads, p.stdout.decode().splitlines()))


def searches_answer(index, some_id):
    """Several searches must exit 0; returns a list of failures."""
    failures = []
    for args in (["search", "dân vận", "--json"],
                 ["search", "ha noi", "--city", "Hà Nội", "--json"],
                 ["search", "\"Việt Nam\" OR kinh*", "--limit", "50", "--json"],
                 ["count", "*", "--by", "year", "--json"],
                 ["show", some_id, "--json"]):
        p = run(args + ["--index", index])
        if p.returncode != 0:
            failures.append(f"{args[:2]} exited {p.returncode}: "
                            f"{p.stderr.decode(errors='replace').strip()[:200]}")
    return failures


def update_cmd(corpus, index, memory):
    return [BIN, "index", corpus, "--index", index, "--memory", str(memory)]


class Reader(threading.Thread):
    """Reads the server throughout a kill: every answer must be 200, every
    document set old or new."""

    def __init__(self, port, old, new, some_id):
        super().__init__(daemon=True)
        self.port, self.old, self.new = port, old, new
        self.stop = threading.Event()
        self.requests = 0
        self.failures = []
        self.seen = {"old": 0, "new": 0}
        self.last = None
        self.lock = threading.Lock()
        meili = json.dumps({"q": "ha noi", "filter": "year >= 2015", "limit": 5}).encode()
        self.calls = [
            ("GET", "/api/export?" + urllib.parse.urlencode(
                {"q": "*", "format": "jsonl", "fields": "id,title"}), None, "export"),
            ("GET", "/api/search?" + urllib.parse.urlencode({"q": "dân vận", "city": "Hà Nội"}), None, None),
            ("POST", "/indexes/articles/search", meili, None),
            ("GET", "/indexes/articles/documents/" + urllib.parse.quote(some_id), None, None),
            ("GET", "/stats", None, "stats"),
        ]

    def classify(self, docs):
        if docs == self.old:
            return "old"
        if docs == self.new:
            return "new"
        return None

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        i = 0
        while not self.stop.is_set():
            method, path, body, kind = self.calls[i % len(self.calls)]
            i += 1
            try:
                headers = {"Content-Type": "application/json"} if body else {}
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                with self.lock:
                    self.requests += 1
                if resp.status != 200:
                    self.failures.append(f"{method} {path[:60]}: {resp.status} {data[:200]!r}")
                    continue
                if kind == "export":
                    docs = sorted((r["id"], r["title"])
                                  for r in map(json.loads, data.decode().splitlines()))
                    state = self.classify(docs)
                    if state is None:
                        self.failures.append(f"export: {len(docs)} documents, neither old nor new")
                    else:
                        with self.lock:
                            self.seen[state] += 1
                            self.last = state
                elif kind == "stats":
                    n = json.loads(data)["indexes"]["articles"]["numberOfDocuments"]
                    if n not in (len(self.old), len(self.new)):
                        self.failures.append(f"/stats: {n} documents, neither old nor new")
            except Exception as e:  # a refused or broken connection is a failure
                self.failures.append(f"{method} {path[:60]}: {type(e).__name__}: {e}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.close()

    def wait_for(self, state, seconds):
        """Waits until an export after now shows `state`."""
        with self.lock:
            self.last = None
        deadline = time.time() + seconds
        while time.time() < deadline:
            with self.lock:
                if self.last == state:
                    return True
            time.sleep(0.05)
        return False


def start_server(index):
    proc = subprocess.Popen([BIN, "serve", "--quiet", "--addr", "127.0.0.1:0", "--index", index],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    if "http://" not in first:
        proc.kill()
        raise RuntimeError(f"serve did not start: {first!r}")
    lines = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    addr = first.split("http://")[1].split("/")[0]
    host, port = addr.rsplit(":", 1)
    assert host == "127.0.0.1"
    return proc, int(port), lines


def kill_trial(n, fraction, window, template, corpus, work, memory, old, new, some_id, with_server):
    index = os.path.join(work, "trial-index")
    if os.path.exists(index):
        shutil.rmtree(index)
    shutil.copytree(template, index)
    meta_before = open(os.path.join(index, "meta.json")).read()
    failures = []
    server = reader = None
    if with_server:
        proc, port, server_log = start_server(index)
        server = proc
        reader = Reader(port, old, new, some_id)
        reader.start()
        time.sleep(0.3)
    delay = fraction * window[0]
    child = subprocess.Popen(update_cmd(corpus, index, memory),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    try:
        child.wait(timeout=delay)
        finished = True  # the run ended before its kill
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
        finished = False
    at = time.perf_counter() - started
    if finished and child.returncode != 0:
        failures.append(f"the update exited {child.returncode} on its own")
    meta_changed = open(os.path.join(index, "meta.json")).read() != meta_before

    docs = doc_set(index)
    if isinstance(docs, str):
        failures.append(docs)
        state = "unreadable"
    elif docs == old:
        state = "old"
    elif docs == new:
        state = "new"
    else:
        only_old = len(set(old) - set(docs))
        extra = len(set(docs) - set(old) - set(new))
        state = "mixed"
        failures.append(f"documents are neither old nor new: {len(docs)} documents, "
                        f"{only_old} of the old missing, {extra} in neither")
    if state == "old" and meta_changed:
        failures.append("meta.json changed but the documents are the old set")
    failures += searches_answer(index, some_id)

    if with_server:
        if state == "new" and not reader.wait_for("new", 5.0):
            failures.append("the server did not answer with the new set within 5 s of the commit")
        elif state == "old":
            time.sleep(1.5)  # the reader keeps reading across the next reload window
        reader.stop.set()
        reader.join(timeout=40)
        failures += reader.failures[:5]
        if reader.requests == 0 or reader.seen["old"] + reader.seen["new"] == 0:
            failures.append("the reader got no answer from the server")
        if proc.poll() is not None:
            failures.append(f"the server exited ({proc.returncode})")
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        panics = [line for line in server_log if "panick" in line]
        if panics:
            failures.append(f"server panicked: {panics[0].strip()[:200]}")

    # Recovery: the next run completes and gives the new set.
    t0 = time.perf_counter()
    p = subprocess.run(update_cmd(corpus, index, memory), capture_output=True, timeout=CMD_TIMEOUT)
    if state == "old" and p.returncode == 0:
        window[0] = time.perf_counter() - t0  # the whole update again: the window under today's load
    if p.returncode != 0:
        failures.append(f"the next update exited {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
    elif doc_set(index) != new:
        failures.append("after the next update the documents are not the new set")

    outcome = ("finished before the kill" if finished
               else "killed before commit" if state == "old"
               else "killed after commit" if state == "new" else state)
    extra = ""
    if reader is not None:
        extra = f", server: {reader.requests} requests, exports old/new {reader.seen['old']}/{reader.seen['new']}"
    print(f"  {'server ' if with_server else ''}kill {n:2d}: {fraction:4.2f} of the window = {delay:5.2f} s "
          f"(at {at:5.2f} s) -> {state:<10} {outcome}{extra}"
          f"{'  FAIL: ' + '; '.join(failures) if failures else ''}", flush=True)
    return {"fraction": fraction, "delay": delay, "state": state, "outcome": outcome, "failures": failures,
            "requests": reader.requests if reader else 0}


def summary(name, results):
    ok = sum(1 for r in results if not r["failures"])
    counts = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    print(f"{name}: {ok}/{len(results)} consistent; "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
          + (f"; {sum(r['requests'] for r in results)} server requests" if "server" in name else ""))
    return ok == len(results)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--server-kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--memory", type=int, default=1,
                    help="--memory of vnsearch index (MB; small = many segments and merges)")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench", "crash"))
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    started = time.time()
    os.makedirs(args.work, exist_ok=True)
    # The corpus slices live outside the project and are removed at the end.
    corpus = os.path.join(tempfile.mkdtemp(prefix="vnsearch-crash-"), "corpus")
    try:
        ok = trials(args, corpus)
    finally:
        shutil.rmtree(os.path.dirname(corpus), ignore_errors=True)
    print(f"total {time.time() - started:.0f} s")
    sys.exit(0 if ok else 1)


def trials(args, corpus):
    template = os.path.join(args.work, "old-index")
    old_v, new_v, edited = corpus_versions(read_articles(args.corpus, args.articles))

    write_corpus(corpus, old_v)
    if os.path.exists(template):
        shutil.rmtree(template)
    p = run(["index", corpus, "--index", template, "--memory", str(args.memory)])
    if p.returncode != 0:
        sys.exit(f"building the old index failed: {p.stderr.decode()}")
    old = doc_set(template)
    write_corpus(corpus, new_v)

    # The update once, uninterrupted: its duration is the kill window.
    measured = os.path.join(args.work, "measured-index")
    if os.path.exists(measured):
        shutil.rmtree(measured)
    shutil.copytree(template, measured)
    t0 = time.perf_counter()
    p = subprocess.run(update_cmd(corpus, measured, args.memory), capture_output=True, timeout=CMD_TIMEOUT)
    window = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"the update failed: {p.stderr.decode()}")
    new = doc_set(measured)
    shutil.rmtree(measured)
    old_ids = {i for i, _ in old}
    new_ids = {i for i, _ in new}
    retitled = len(set(old) - set(new)) - len(old_ids - new_ids)
    print(f"old set {len(old)} articles, new set {len(new)}: {len(old_ids - new_ids)} removed, "
          f"{len(new_ids - old_ids)} added, {retitled} edited ({len(edited)} edits written); "
          f"update: {p.stdout.decode().strip().splitlines()[-1] if p.stdout.strip() else ''}")
    print(f"uninterrupted update took {window:.2f} s; kills at random fractions of it (seed {args.seed}), "
          f"the window re-measured by each whole recovery run")
    if old == new or retitled <= 0:
        sys.exit("the two versions do not differ as intended")
    some_id = sorted(old_ids & new_ids)[0]

    rng = random.Random(args.seed)
    current = [window]
    ok = True
    results = []
    for n in range(1, args.kills + 1):
        results.append(kill_trial(n, rng.random(), current, template, corpus, args.work,
                                  args.memory, old, new, some_id, False))
    ok &= summary("kills checked with the CLI", results)
    if args.server_kills:
        served = []
        for n in range(1, args.server_kills + 1):
            served.append(kill_trial(n, rng.random(), current, template, corpus, args.work,
                                     args.memory, old, new, some_id, True))
        ok &= summary("kills with a server reading", served)
        results += served
    print(json.dumps({"first_window_s": round(window, 3), "kills": [
        {k: r[k] for k in ("fraction", "delay", "state", "outcome", "failures")} for r in results]}))
    return ok


if __name__ == "__main__":
    main()
