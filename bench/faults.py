#!/usr/bin/env python3
"""`vnsearch serve` under load and faults, over loopback, bounded in time.

Usage (from the project root, after `cargo build --release`):
    python3 bench/faults.py [--seconds 600] [--clients 32]
                            [--corpus ../shared/corpus/news.jsonl.gz]
                            [--articles 20000]

Setup: the first --articles articles of the news corpus are written as 20
JSON Lines files into a folder outside the project (--corpus-dir, by default
in the system's temporary folder), indexed once into
target/bench/faults-base-index, and that index is copied to
target/bench/faults-index for each run.

The run: `vnsearch serve` on a free loopback port, then for --seconds,
--clients concurrent clients, of which --slow are slow (half send a request
head one byte a second, which the server must cut off at its 30 s header
deadline; half send the headers at once and the JSON body either one byte
a second, which must be answered 408 at the 30 s body deadline, or in
pieces over 10 s, which must be answered 200) and the rest pick, request after request:
  valid-native  GET /api/search (accented or not; city, year, date, source,
                scope filters; sort, paging, disjunctive facets), /api/count,
                /api/timeline, /api/articles/{id}, the page, /api/stats
  valid-meili   POST and GET /indexes/articles/search (filters, facets,
                highlighting, cropping), /multi-search, /facet-search,
                documents, /stats (keep-alive connections)
  malformed     bad JSON, invalid UTF-8 (in the body, percent-encoded and raw
                in the request line), wrong types, bad parameters, queries
                that do not parse, unknown routes, wrong methods, garbage
                instead of HTTP
  oversized     bodies over 64 KiB (declared and chunked), URLs over 8 KiB,
                huge headers
  disconnect    an export of every article read for a few KB then the
                connection reset; a search sent and the socket closed at once;
                half a request then closed
Meanwhile `vnsearch index` updates the served index twice (at a third and
two thirds of the run: 2,000 articles added and 1,000 edited; then 2,000
removed and 1,000 added), and the server must show each new count within
10 s. A probe asks /api/health every second (a hang shows as its latency).

Checks: no panic in the server's stderr; no 5xx except the documented 503
time-out (`"code": "timeout"`); every valid request 200; no transport
errors on requests that expect an answer; the server's memory (RSS every 5 s,
start/end/peak, and the kernel's high-water mark) and open file descriptors;
the server answers at the end; then SIGKILL, restart on the same index, and
the same document count and the same totals for a few queries.

Prints a table: requests per kind, status codes, errors, latency; RSS; the
update times; the restart check. Exit status 1 if a check failed. Only
127.0.0.1 is contacted.
"""
import argparse
import collections
import gzip
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "vnsearch")
FILES = 20
TIMEOUT = 30  # seconds a normal request may take before it counts as an error


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# ---------------------------------------------------------------- corpus

def read_articles(corpus, n):
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            out.append(line)
            if len(out) == n:
                break
    return out


def write_lines(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(lines)
    os.replace(tmp, path)


def edited(lines):
    out = []
    for line in lines:
        a = json.loads(line)
        a["title"] = (a.get("title") or "") + " (cập nhật)"
        out.append(json.dumps(a, ensure_ascii=False) + "\n")
    return out


def prepare(args):
    """The base corpus folder and the base index (built once), copied for this run."""
    lines = read_articles(args.corpus, args.articles + 3000)
    if len(lines) < args.articles + 3000:
        sys.exit(f"{args.corpus} has fewer than {args.articles + 3000} articles")
    per = args.articles // FILES
    base = {f"part{i:02}.jsonl": lines[i * per:(i + 1) * per] for i in range(FILES)}
    extra = lines[args.articles:]
    os.makedirs(args.corpus_dir, exist_ok=True)
    for name in os.listdir(args.corpus_dir):
        if name not in base:
            os.remove(os.path.join(args.corpus_dir, name))
    for name, part in base.items():
        path = os.path.join(args.corpus_dir, name)
        want = "".join(part).encode()
        if not os.path.exists(path) or open(path, "rb").read() != want:
            write_lines(path, part)
    base_index = os.path.join(ROOT, "target", "bench", "faults-base-index")
    probe = None
    if os.path.exists(os.path.join(base_index, "meta.json")):
        probe = subprocess.run([BIN, "index", args.corpus_dir, "--index", base_index],
                               capture_output=True, timeout=600)
    if probe is None or probe.returncode != 0 or b" 0 new, 0 changed" not in probe.stdout:
        print(f"building {base_index} from {args.articles} articles (once) ...", flush=True)
        subprocess.run([BIN, "index", args.corpus_dir, "--index", base_index, "--rebuild"],
                       check=True, timeout=1200, stdout=subprocess.DEVNULL)
    index = os.path.join(ROOT, "target", "bench", "faults-index")
    if os.path.exists(index):
        shutil.rmtree(index)
    shutil.copytree(base_index, index)
    updates = [
        # 2,000 articles added, 1,000 edited (headline changed).
        (lambda: (write_lines(os.path.join(args.corpus_dir, "part20.jsonl"), extra[:2000]),
                  write_lines(os.path.join(args.corpus_dir, "part01.jsonl"), edited(base["part01.jsonl"]))),
         args.articles + 2000),
        # 2 files removed, 1,000 articles added.
        (lambda: (os.remove(os.path.join(args.corpus_dir, "part02.jsonl")),
                  os.remove(os.path.join(args.corpus_dir, "part03.jsonl")),
                  write_lines(os.path.join(args.corpus_dir, "part21.jsonl"), extra[2000:3000])),
         args.articles + 2000 - 2 * per + 1000),
    ]
    articles = [json.loads(line) for line in lines[:per]]  # part00: never changed
    return index, updates, articles


def title_queries(articles, n, seed):
    rng = random.Random(seed)
    out = []
    for a in articles:
        words = [w for w in (a.get("title") or "").split() if w.isalpha()]
        if len(words) >= 3:
            k = rng.choice([2, 3])
            s = rng.randrange(0, len(words) - k + 1)
            out.append(unicodedata.normalize("NFC", " ".join(words[s:s + k])))
    rng.shuffle(out)
    return out[:n]


# ---------------------------------------------------------------- requests

CITIES = ["Hà Nội", "hai phong", "Đà Nẵng", "Thanh Hóa", "Nghệ An", "TP.HCM"]
SOURCES = ["Dân trí", "vnexpress", "tuoitre.vn"]


class Plan:
    """Builds requests of each kind (as raw bytes or http.client calls)."""

    def __init__(self, queries, ids, port):
        self.queries, self.ids, self.port = queries, ids, port

    def q(self, rng):
        q = rng.choice(self.queries)
        return fold(q) if rng.random() < 0.5 else q

    def native(self, rng):
        q = self.q(rng)
        r = rng.random()
        if r < 0.55:
            params = [("q", q)]
            if rng.random() < 0.4:
                params.append(("city", rng.choice(CITIES)))
            if rng.random() < 0.2:
                params.append(("year", str(rng.choice([2017, 2019, 2020, 2021]))))
            if rng.random() < 0.1:
                params += [("from", "2019-01"), ("to", "31/12/2021")]
            if rng.random() < 0.1:
                params.append(("source", rng.choice(SOURCES)))
            if rng.random() < 0.1:
                params.append(("scope", rng.choice(["local", "national", "international"])))
            if rng.random() < 0.2:
                params.append(("sort", rng.choice(["-date", "date", "relevance"])))
            if rng.random() < 0.2:
                params += [("limit", "20"), ("offset", str(rng.choice([0, 20, 40])))]
            if rng.random() < 0.2:
                params.append(("facets", "disjunctive"))
            return ("GET", "/api/search?" + urllib.parse.urlencode(params), None)
        if r < 0.65:
            return ("GET", "/api/count?" + urllib.parse.urlencode(
                [("q", q), ("by", "city"), ("by", "year")]), None)
        if r < 0.72:
            return ("GET", "/api/timeline?" + urllib.parse.urlencode(
                [("q", q), ("interval", rng.choice(["month", "year"]))]), None)
        if r < 0.82:
            return ("GET", f"/api/articles/{urllib.parse.quote(rng.choice(self.ids))}?"
                    + urllib.parse.urlencode([("highlight", q)]), None)
        if r < 0.92:
            return ("GET", "/?" + urllib.parse.urlencode([("q", q)]), None)
        return ("GET", rng.choice(["/api/stats", "/api/health"]), None)

    def meili(self, rng):
        q = self.q(rng)
        r = rng.random()
        body = {"q": q, "limit": rng.choice([5, 10, 20])}
        if rng.random() < 0.4:
            body["filter"] = rng.choice([
                f"city = '{rng.choice(CITIES)}'", "year >= 2019", ["year 2015 TO 2021"],
                [[f"city = '{CITIES[0]}'", f"city = '{CITIES[1]}'"], "year > 2010"],
                "NOT city = 'Hà Nội' AND year < 2022"])
        if rng.random() < 0.3:
            body["facets"] = ["city", "year", "source"]
        if rng.random() < 0.4:
            body.update(attributesToHighlight=["title", "body"], attributesToCrop=["body"], cropLength=20)
        if rng.random() < 0.1:
            body["sort"] = ["date:desc"]
        if rng.random() < 0.1:
            body.update(page=2, hitsPerPage=10)
            del body["limit"]
        if r < 0.6:
            return ("POST", "/indexes/articles/search", json.dumps(body, ensure_ascii=False).encode())
        if r < 0.7:
            return ("GET", "/indexes/articles/search?" + urllib.parse.urlencode([("q", q), ("limit", "10")]), None)
        if r < 0.8:
            other = dict(body, indexUid="articles", q=self.q(rng))
            return ("POST", "/multi-search", json.dumps(
                {"queries": [dict(body, indexUid="articles"), other]}, ensure_ascii=False).encode())
        if r < 0.85:
            return ("POST", "/indexes/articles/facet-search", json.dumps(
                {"facetName": rng.choice(["city", "source", "year"]), "facetQuery": rng.choice(["ha", "b", ""]),
                 "q": q}, ensure_ascii=False).encode())
        if r < 0.93:
            return ("GET", f"/indexes/articles/documents/{urllib.parse.quote(rng.choice(self.ids))}", None)
        return ("GET", rng.choice(["/stats", "/health", "/version", "/indexes", "/indexes/articles/settings"]), None)

    def malformed(self, rng):
        """Raw request bytes (the socket is closed after the answer)."""
        choices = [
            post("/indexes/articles/search", b'{"q": "ha noi", "limit": '),
            post("/indexes/articles/search", b'{"q": "\xff\xfe h\xe0 n\xf4i"}'),
            post("/indexes/articles/search", b'{"q": 5, "limit": "ten", "filter": {"a": 1}}'),
            post("/indexes/articles/search", b'{"q": "x", "filter": "city = "}'),
            post("/indexes/articles/search", json.dumps({"q": "x", "filter": "(" * 300 + "year = 2020" + ")" * 300}).encode()),
            post("/indexes/articles/search", json.dumps({"q": "x", "filter": "city = 'Atlantis'"}).encode()),
            post("/indexes/articles/search", json.dumps({"q": "x", "facets": ["nope"], "sort": ["title:asc"]}).encode()),
            post("/indexes/articles/search", b"[1, 2, 3]"),
            post("/multi-search", b'{"queries": [{"indexUid": "movies", "q": "x"}]}'),
            post("/indexes/articles/search", b'{"q": "x"}', ctype=b"text/plain"),
            post("/indexes/articles/documents", b'[{"id": "1", "title": "x"}]'),
            get(b"/api/search?q=%FF%FE%FD"),
            get(b"/api/search?q=\xff\xfe\xc3"),
            get(b"/api/search?q=h%C3%A0%20n%E1%BB"),
            get(b"/api/search?q=x&limit=abc"),
            get(b"/api/search?q=x&limit=100000000000000000000000"),
            get(b"/api/search?q=x&offset=-5"),
            get(b"/api/search?q=((((x"),
            get(b"/api/search?q=" + urllib.parse.quote("a " * 600).encode()),
            get(b"/api/search?q=" + urllib.parse.quote("(" * 40 + "x" + ")" * 40).encode()),
            get(b"/api/search?q=x&from=not-a-date&to=2020-13-45"),
            get(b"/api/search?q=x&city=Atlantis"),
            get(b"/api/search?q=x&sort=sideways&match=some"),
            get(b"/api/count?q=x&by=nothing"),
            get(b"/api/count?q=x"),
            get(b"/api/export?q=x&format=xlsx"),
            get(b"/api/articles/" + b"%00" * 4),
            get(b"/api/timeline?q=x&interval=fortnight"),
            get(b"/nonexistent/route"),
            get(b"/api/nothing"),
            get(b"/../../../../etc/passwd"),
            get(b"/%2e%2e/%2e%2e/Cargo.toml"),
            get(b"/indexes/movies/search?q=x"),
            b"DELETE /indexes/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            b"PATCH /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            b"HELLO WORLD\r\n\r\n",
            b"GET /api/search?q=x HTTP/1.1\r\nHost 127.0.0.1\r\nbroken header\r\n\r\n",
            b"GET /api/search?q=x HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
            b"POST /indexes/articles/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
            b"POST /indexes/articles/search HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(64)),
        ]
        return rng.choice(choices)

    def oversized(self, rng):
        r = rng.random()
        if r < 0.3:
            body = json.dumps({"q": "hà nội", "filter": ["year > 2000"] * 8000}).encode()  # ~120 KB
            return post("/indexes/articles/search", body)
        if r < 0.45:
            return post("/indexes/articles/search", b'{"q": "' + b"a" * (4 << 20) + b'"}')  # 4 MB
        if r < 0.6:
            chunk = b"x" * 32768
            body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(8)) + b"0\r\n\r\n"
            return (b"POST /indexes/articles/search HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body)
        if r < 0.8:
            return get(b"/api/search?q=" + b"x" * 9000)
        if r < 0.9:
            return get(b"/api/search?q=" + b"y" * 500_000)
        return (b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"z" * 500_000
                + b"\r\nConnection: close\r\n\r\n")


def get(target):
    return b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def post(path, body, ctype=b"application/json"):
    return (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ctype
            + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


def raw_exchange(port, data, timeout=TIMEOUT, pace=None):
    """Sends `data` (at `pace` seconds a byte if given) and reads the answer
    to the end. Returns (status or None, first bytes of the body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sent_all = True
        try:
            if pace is None:
                s.sendall(data)
            else:
                for b in data:
                    s.sendall(bytes([b]))
                    time.sleep(pace)
        except (BrokenPipeError, ConnectionResetError):
            sent_all = False  # the server answered early and closed: read what it said
        out = bytearray()
        try:
            while len(out) < (1 << 20):
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except ConnectionResetError:
            pass
        if not out.startswith(b"HTTP/1."):
            return None, bytes(out[:200]), sent_all
        status = int(out.split(b" ", 2)[1])
        body = out.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in out else b""
        return status, bytes(body[:300]), sent_all
    finally:
        s.close()


# ---------------------------------------------------------------- the run

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = collections.defaultdict(collections.Counter)  # kind -> status -> n
        self.errors = collections.defaultdict(collections.Counter)  # kind -> error -> n
        self.latency = collections.defaultdict(list)
        self.problems = []  # (kind, what) that fail the run
        self.notes = collections.Counter()

    def record(self, kind, status, ms, body=b"", request=b""):
        with self.lock:
            self.status[kind][status] += 1
            self.latency[kind].append(ms)
            if kind in ("malformed", "oversized") and status is not None and status < 300:
                self.notes[f"{kind} answered {status}: {request[:70]!r}"] += 1
            if isinstance(status, int) and status >= 500:
                documented = status == 503 and (b'"timeout"' in body or b"search_timeout" in body)
                if not documented and len(self.problems) < 200:
                    self.problems.append((kind, f"{status} for {request[:120]!r}: {body[:200]!r}"))

    def error(self, kind, what, request=b"", fails=True):
        with self.lock:
            self.errors[kind][what] += 1
            if fails and len(self.problems) < 200:
                self.problems.append((kind, f"{what} for {request[:120]!r}"))


def client(kind_weights, plan, port, stats, deadline, seed):
    rng = random.Random(seed)
    kinds, weights = zip(*kind_weights)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    while time.time() < deadline:
        kind = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        if kind in ("valid-native", "valid-meili"):
            method, path, body = plan.native(rng) if kind == "valid-native" else plan.meili(rng)
            try:
                headers = {"Content-Type": "application/json"} if body else {}
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                ms = (time.perf_counter() - started) * 1000
                stats.record(kind, resp.status, ms, data, f"{method} {path}".encode())
                if resp.status != 200 and not (resp.status == 503 and b"timeout" in data):
                    stats.error(kind, f"status {resp.status}", f"{method} {path} {body!r}".encode())
            except Exception as e:
                stats.error(kind, type(e).__name__, f"{method} {path}".encode())
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        elif kind in ("malformed", "oversized"):
            data = plan.malformed(rng) if kind == "malformed" else plan.oversized(rng)
            try:
                status, body, _ = raw_exchange(port, data)
                ms = (time.perf_counter() - started) * 1000
                stats.record(kind, status, ms, body, data)
                if status is None:
                    # Not HTTP (garbage, a TLS hello) may be closed without an answer.
                    stats.notes[f"{kind}: closed without an answer"] += 1
            except Exception as e:
                stats.error(kind, type(e).__name__, data)
        else:  # disconnect
            disconnect(rng, port, stats, plan)
    conn.close()


def disconnect(rng, port, stats, plan):
    r = rng.random()
    started = time.perf_counter()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        if r < 0.5:
            # An export of every article with bodies (tens of MB), reset after a few KB.
            s.sendall(get(b"/api/export?q=*&format=jsonl&fields=id,title,body"))
            got = b""
            while len(got) < 8192:
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            status = int(got.split(b" ", 2)[1]) if got.startswith(b"HTTP/1.") else None
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
            stats.record("disconnect", status, (time.perf_counter() - started) * 1000, got[:300])
            stats.notes["disconnect: export reset after 8 KB"] += 1
        elif r < 0.8:
            method, path, body = plan.native(rng)
            s.sendall(get(path.encode()))
            s.close()
            stats.record("disconnect", None, (time.perf_counter() - started) * 1000)
            stats.notes["disconnect: search sent, closed at once"] += 1
        else:
            s.sendall(post("/indexes/articles/search", b'{"q": "h\xc3\xa0 n\xe1\xbb\x99i", "limit": 10}')[:-20])
            s.close()
            stats.record("disconnect", None, (time.perf_counter() - started) * 1000)
            stats.notes["disconnect: half a request, closed"] += 1
    except Exception as e:
        stats.error("disconnect", type(e).__name__, fails=False)


# `vnsearch serve --header-timeout`, default 30 s: a request head must
# arrive whole within it.
HEADER_TIMEOUT = 30.0
# `vnsearch serve`'s default --body-timeout.
BODY_TIMEOUT = 30.0


def slow_head(s, head):
    """Sends a request head a byte a second; returns how long the server
    kept the connection open, or None if it let the whole head through."""
    started = time.perf_counter()
    try:
        for b in head:
            s.sendall(bytes([b]))
            time.sleep(1.0)
            s.setblocking(False)
            try:
                if s.recv(65536) == b"":
                    return time.perf_counter() - started
            except BlockingIOError:
                pass
            finally:
                s.settimeout(TIMEOUT)
    except (BrokenPipeError, ConnectionResetError):
        return time.perf_counter() - started
    return None


def slow_client(n, plan, port, stats, deadline, seed):
    """Sends requests slowly (even n: the request line and headers a byte a
    second, which the server must cut off at its header deadline; odd n:
    the headers at once, then the body either a byte a second, which must
    be answered 408 at the body deadline, or spread over 10 s, which must
    be served)."""
    rng = random.Random(seed)
    while time.time() < deadline - 5:
        q = plan.q(rng)
        if n % 2 == 0:
            data = get(b"/api/search?q=" + urllib.parse.quote(q).encode())
            head, body = b"", data
        else:
            body = json.dumps({"q": q, "limit": 3}, ensure_ascii=False).encode()
            data = post("/indexes/articles/search", body)
            head = data[:-len(body)]
        started = time.perf_counter()
        remaining = deadline + 60 - time.time()
        if n % 2 == 0:
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                held = slow_head(s, data)
                s.close()
            except OSError as e:
                stats.error("slow", type(e).__name__, data)
                continue
            if held is None:
                stats.error("slow", "a request head sent a byte a second was let through", data)
            elif not HEADER_TIMEOUT - 1 <= held <= HEADER_TIMEOUT + 5:
                stats.error("slow", f"cut off after {held:.1f} s, not at the {HEADER_TIMEOUT:.0f} s deadline", data)
            else:
                stats.record("slow", "cut off at the header deadline", held * 1000, b"", data)
            continue
        too_slow = rng.random() < 0.5
        pace = 1.0 if too_slow else 10.0 / len(body)
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            s.sendall(head)
            for b in body:
                if time.time() > deadline + 30:
                    raise TimeoutError("run over")
                try:
                    s.sendall(bytes([b]))
                except OSError:
                    break  # answered and closed: read the answer below
                time.sleep(pace)
            s.settimeout(max(5, remaining))
            out = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    if out:
                        break  # closed after answering a body it stopped reading
                    raise
                if not chunk:
                    break
                out += chunk
            s.close()
            status = int(out.split(b" ", 2)[1]) if out.startswith(b"HTTP/1.") else None
            took = time.perf_counter() - started
            stats.record("slow", status, took * 1000, out[:300], data)
            if too_slow and len(body) > BODY_TIMEOUT + 2:
                if status != 408:
                    stats.error("slow", f"a body sent a byte a second got status {status}, not 408", data)
                elif not BODY_TIMEOUT - 1 <= took <= BODY_TIMEOUT + 5:
                    stats.error("slow", f"a late body was answered after {took:.1f} s, not at the {BODY_TIMEOUT:.0f} s deadline", data)
            elif too_slow and len(body) >= BODY_TIMEOUT - 2:
                if status not in (200, 408):  # finishes about at the deadline
                    stats.error("slow", f"status {status}", data)
            elif status != 200:
                stats.error("slow", f"status {status}", data)
        except TimeoutError:
            stats.error("slow", "stopped at the end of the run", fails=False)
        except Exception as e:
            stats.error("slow", type(e).__name__, data)


def proc_status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM", "Threads"):
                    out[k] = int(v.split()[0])
        out["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        pass
    return out


def start_server(index, log):
    proc = subprocess.Popen([BIN, "serve", "--addr", "127.0.0.1:0", "--index", index],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first = proc.stderr.readline().decode(errors="replace")
    if "http://" not in first:
        proc.kill()
        raise RuntimeError(f"serve did not start: {first!r}")
    addr = first.split("http://")[1].split("/")[0]
    host, port = addr.rsplit(":", 1)
    assert host == "127.0.0.1"

    def drain():
        for line in proc.stderr:
            line = line.decode(errors="replace")
            parts = line.split()
            # The request log: METHOD PATH STATUS MS ms
            if len(parts) >= 5 and parts[-1] == "ms" and parts[-3].isdigit():
                log["status"][parts[-3]] += 1
            else:
                log["other"].append(line.rstrip())
    threading.Thread(target=drain, daemon=True).start()
    return proc, int(port)


def fetch(port, path, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def articles_served(port):
    status, body = fetch(port, "/api/stats")
    return json.loads(body)["articles"] if status == 200 else None


def totals(port, queries):
    out = []
    for q in queries:
        status, body = fetch(port, "/api/search?" + urllib.parse.urlencode([("q", q), ("limit", "1")]))
        out.append(json.loads(body)["total"] if status == 200 else f"status {status}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--slow", type=int, default=4, help="how many of the clients are slow")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--corpus-dir", default=os.path.join(tempfile.gettempdir(), "vnsearch-faults-corpus"),
                    help="where the JSON Lines slices are written (outside the project)")
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    t_setup = time.time()
    index, updates, articles = prepare(args)
    queries = title_queries(articles, 300, args.seed)
    ids = [a["id"] for a in articles]
    print(f"setup {time.time() - t_setup:.0f} s; index {index}, {args.articles} articles; "
          f"{len(queries)} title queries", flush=True)

    log = {"status": collections.Counter(), "other": []}
    proc, port = start_server(index, log)
    plan = Plan(queries, ids, port)
    stats = Stats()
    failures = []
    for _ in range(20):  # warm-up: a few searches, so "start" is a running server
        fetch(port, "/api/search?" + urllib.parse.urlencode([("q", random.choice(queries))]))
    start = proc_status(proc.pid)
    samples = [(0.0, start)]
    print(f"server pid {proc.pid} on 127.0.0.1:{port}; RSS at start {start['VmRSS'] / 1024:.0f} MB; "
          f"{args.clients} clients ({args.slow} slow) for {args.seconds:.0f} s", flush=True)

    t0 = time.time()
    deadline = t0 + args.seconds
    stop = threading.Event()
    health = []  # (t, ms or None)

    def sampler():
        while not stop.wait(5):
            samples.append((time.time() - t0, proc_status(proc.pid)))

    def prober():
        while not stop.wait(1):
            started = time.perf_counter()
            try:
                status, _ = fetch(port, "/api/health", timeout=30)
                health.append((time.time() - t0, (time.perf_counter() - started) * 1000 if status == 200 else None))
            except Exception:
                health.append((time.time() - t0, None))

    update_log = []

    def updater():
        for i, (change, expected) in enumerate(updates):
            at = t0 + args.seconds * (i + 1) / (len(updates) + 1)
            if stop.wait(max(0, at - time.time())):
                return
            change()
            started = time.time()
            p = subprocess.run([BIN, "index", args.corpus_dir, "--index", index],
                               capture_output=True, timeout=600)
            took = time.time() - started
            seen = None
            visible = None
            if p.returncode == 0:
                for _ in range(100):
                    try:
                        seen = articles_served(port)
                    except Exception:
                        seen = None
                    if seen == expected:
                        visible = time.time() - started - took
                        break
                    time.sleep(0.1)
            last = p.stdout.decode().strip().splitlines()[-1:] or [p.stderr.decode()[-300:]]
            update_log.append((time.time() - t0, took, p.returncode, expected, seen, visible, last[0]))
            print(f"  update {i + 1} at {time.time() - t0:.0f} s: exit {p.returncode}, {took:.1f} s, "
                  f"server shows {seen} articles (expected {expected})"
                  + (f" {visible:.1f} s after the commit" if visible is not None else ""), flush=True)

    mixed = [("valid-native", 35), ("valid-meili", 30), ("malformed", 17), ("oversized", 8), ("disconnect", 10)]
    threads = [threading.Thread(target=sampler, daemon=True), threading.Thread(target=prober, daemon=True),
               threading.Thread(target=updater, daemon=True)]
    for n in range(args.clients):
        if n < args.slow:
            threads.append(threading.Thread(target=slow_client, args=(n, plan, port, stats, deadline, args.seed + n),
                                            daemon=True))
        else:
            threads.append(threading.Thread(target=client, args=(mixed, plan, port, stats, deadline, args.seed + n),
                                            daemon=True))
    for t in threads:
        t.start()
    for t in threads[3:]:
        t.join(timeout=max(1, deadline + 120 - time.time()))
    hung = sum(t.is_alive() for t in threads[3:])
    elapsed = time.time() - t0
    stop.set()
    threads[2].join(timeout=600)
    end = proc_status(proc.pid)
    samples.append((elapsed, end))

    # The server still answers.
    try:
        status, _ = fetch(port, "/api/health")
        s2, body = fetch(port, "/api/search?" + urllib.parse.urlencode([("q", queries[0])]))
        answers = status == 200 and s2 == 200
    except Exception as e:
        answers = False
        body = repr(e).encode()
    if not answers:
        failures.append(f"the server does not answer at the end: {body[:200]!r}")
    count_before = articles_served(port) if answers else None
    check_queries = queries[:5] + ["*", "dân vận", "ha noi"]
    totals_before = totals(port, check_queries) if answers else None
    proc.kill()  # SIGKILL
    proc.wait()
    killed_rc = proc.returncode
    restart_log = {"status": collections.Counter(), "other": []}
    proc2, port2 = start_server(index, restart_log)
    count_after = articles_served(port2)
    totals_after = totals(port2, check_queries)
    proc2.terminate()
    proc2.wait(timeout=10)
    if count_after != count_before or totals_after != totals_before:
        failures.append(f"after SIGKILL and restart: {count_after} articles (before {count_before}), "
                        f"totals {totals_after} (before {totals_before})")
    expected_final = updates[-1][1]
    if count_before != expected_final:
        failures.append(f"the server serves {count_before} articles at the end, expected {expected_final}")
    for at, took, rc, expected, seen, visible, last in update_log:
        if rc != 0 or seen != expected:
            failures.append(f"update at {at:.0f} s: exit {rc}, server shows {seen} (expected {expected}): {last}")
    if len(update_log) < len(updates):
        failures.append(f"only {len(update_log)} of {len(updates)} updates ran")
    panics = [line for line in log["other"] + restart_log["other"] if "panic" in line.lower()]
    if panics:
        failures.append(f"panic in the server's stderr: {panics[:3]}")
    if hung:
        failures.append(f"{hung} client threads still running 120 s after the end")

    # ---- report
    kinds = ["valid-native", "valid-meili", "malformed", "oversized", "disconnect", "slow"]
    print(f"\nran {elapsed:.0f} s, {args.clients} clients ({args.slow} slow), machine: {os.cpu_count()} cores")
    print(f"{'kind':<13} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>9}  status codes")
    total = 0
    for kind in kinds:
        n = sum(stats.status[kind].values())
        total += n
        errs = sum(stats.errors[kind].values())
        lat = sorted(stats.latency[kind])
        p50 = lat[len(lat) // 2] if lat else 0
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0
        codes = ", ".join(f"{'none' if k is None else k}: {v}" for k, v in
                          sorted(stats.status[kind].items(), key=lambda kv: (kv[0] is None, str(kv[0]).rjust(3))))
        print(f"{kind:<13} {n:>8} {errs:>6} {p50:>8.1f} {p99:>9.1f}  {codes}")
        if stats.errors[kind]:
            print(f"{'':<13} errors: " + ", ".join(f"{k}: {v}" for k, v in stats.errors[kind].items()))
    print(f"{'all':<13} {total:>8}")
    for note, n in sorted(stats.notes.items()):
        print(f"  {note}: {n}")
    print("server log, status codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(log["status"].items())))
    rss = [s["VmRSS"] / 1024 for _, s in samples if "VmRSS" in s]
    fds = [s.get("fds", 0) for _, s in samples]
    thr = [s.get("Threads", 0) for _, s in samples]
    print(f"server RSS MB: start {rss[0]:.0f}, end {rss[-1]:.0f}, peak sampled {max(rss):.0f}, "
          f"kernel high-water mark {end.get('VmHWM', 0) / 1024:.0f}")
    print(f"server RSS MB by minute: " + ", ".join(
        f"{s['VmRSS'] / 1024:.0f}" for t, s in samples if "VmRSS" in s and int(t) % 60 < 5))
    print(f"server open files: start {fds[0]}, end {fds[-1]}, peak {max(fds)}; threads: start {thr[0]}, "
          f"end {thr[-1]}, peak {max(thr)}")
    ok_health = [ms for _, ms in health if ms is not None]
    print(f"health probe: {len(health)} probes, {len(health) - len(ok_health)} failed, "
          f"median {sorted(ok_health)[len(ok_health) // 2] if ok_health else 0:.1f} ms, "
          f"max {max(ok_health) if ok_health else 0:.1f} ms")
    for at, took, rc, expected, seen, visible, last in update_log:
        print(f"update at {at:.0f} s: {took:.1f} s, exit {rc}, served {seen} (expected {expected}), "
              f"visible {'%.1f s' % visible if visible is not None else 'never'} after the commit: {last}")
    print(f"at the end: answers {answers}; {count_before} articles; SIGKILL (exit {killed_rc}), restart: "
          f"{count_after} articles; totals of {len(check_queries)} queries "
          f"{'equal' if totals_after == totals_before else 'DIFFER'}: {totals_after}")
    for kind, what in stats.problems[:20]:
        failures.append(f"{kind}: {what}")
    if stats.problems:
        failures.append(f"{len(stats.problems)} requests failed a check (first 20 above)")
    other = [line for line in log["other"] if line.strip()]
    if other:
        print(f"server stderr besides the request log ({len(other)} lines): {other[:5]}")
    print(json.dumps({"seconds": round(elapsed), "status": {k: {str(c): n for c, n in v.items()}
                                                           for k, v in stats.status.items()},
                      "errors": {k: dict(v) for k, v in stats.errors.items()},
                      "rss_mb": {"start": round(rss[0]), "end": round(rss[-1]), "peak": round(max(rss)),
                                 "hwm": round(end.get("VmHWM", 0) / 1024)},
                      "restart": {"before": count_before, "after": count_after}}))
    if failures:
        print("\nFAILED:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
