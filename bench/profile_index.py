#!/usr/bin/env python3
"""Where a full `vnsearch index` spends its CPU, from a `perf` profile.

Usage (from the project root, after `cargo build --release`; needs Debian's
`linux-perf` and permission to profile, e.g. as root):
    python3 bench/profile_index.py [--corpus ../shared/corpus/news.jsonl.gz]
                                   [--work target/bench/profile] [--freq 99]
    python3 bench/profile_index.py --report target/bench/profile/perf.data

It records
    perf record -F 99 --call-graph dwarf,16384 -o WORK/perf.data \
        target/release/vnsearch index CORPUS --index WORK/index --rebuild
(stacks are unwound from DWARF, since release builds have no frame
pointers; `debug = 1` in Cargo.toml keeps the tables), then reads every sample's
call stack with `perf script` and puts it in one stage of the data path
(the outermost frame that names one: extraction, the tantivy indexing
threads, the doc store thread, merges, commit) and one kind of work (the innermost frame that names one:
our analyzers, tantivy postings and positions, term dictionary, doc store
compression, memcpy, malloc, hashing, regex ...). It prints the share of
all samples per stage, per kind, and the largest stage × kind cells.
"""
import argparse
import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "vnsearch")

# Stage: scanned from the root of the stack towards the leaf; the first
# frame that matches decides. Thread names come first (merge and doc store
# threads are named by tantivy).
STAGES = [
    ("merges", re.compile(r"IndexMerger|merge_segments|thrd-tantivy-merge|merger::")),
    ("commit", re.compile(r"prepare_commit|PreparedCommit|save_metas|Manifest::save|fsync|sync_all")),
    ("doc store thread", re.compile(r"StoreWriter|store::compressors|DocStoreCompressor|docstore")),
    ("tantivy indexing threads", re.compile(r"segment_writer|SegmentWriter|index_documents|thrd-tantivy-index")),
    # Reading, gunzip, JSON and locality all run inside `ingest`'s
    # extraction on rayon's threads, so they are one stage here and are
    # told apart by kind (gunzip, JSON, gazetteer, our analyzers ...).
    ("extraction (reading, gunzip, JSON, title, date, source, boilerplate, locality)",
     re.compile(r"vnsearch::ingest|vnsearch::gazetteer|flate2|serde_json")),
    ("hashing of files", re.compile(r"blake3|sha2|index::plan")),
]

# Kind: scanned from the leaf towards the root; the first match decides.
KINDS = [
    ("memcpy/memmove (libc)", re.compile(r"__memmove|__memcpy|__memset")),
    ("malloc/free", re.compile(r"\bmi_|_mi_|mi_heap|_int_malloc|_int_free|_int_realloc|__GI___libc_(malloc|free|realloc)|malloc_consolidate|unlink_chunk|tcache_")),
    ("zstd", re.compile(r"zstd|ZSTD")),
    ("gunzip", re.compile(r"inflate|miniz_oxide|zlib|flate2")),
    ("regex", re.compile(r"regex|aho_corasick|memchr")),
    ("hashing (std SipHash)", re.compile(r"SipHash|siphash|sip::")),
    ("unicode normalization", re.compile(r"unicode_normalization")),
    ("our analyzers", re.compile(r"vnsearch::analysis")),
    ("in-memory term hash table (tantivy_stacker)", re.compile(r"tantivy_stacker|murmurhash")),
    ("term dictionary (fst/sstable)", re.compile(r"termdict|tantivy_fst|fst::|sstable|TermInfoStore")),
    ("postings + positions", re.compile(r"postings|Postings|positions|Positions|bitpack|BlockEncoder|Recorder")),
    ("fast fields / columnar", re.compile(r"columnar|fastfield|FastField")),
    ("doc store", re.compile(r"tantivy::store")),
    ("hashing (other)", re.compile(r"hash::|Hasher|hashbrown|fxhash|blake3")),
    ("JSON", re.compile(r"serde_json")),
    ("gazetteer", re.compile(r"vnsearch::gazetteer")),
    ("extraction", re.compile(r"vnsearch::ingest")),
    ("kernel / syscalls", re.compile(r"\[unknown\]|entry_SYSCALL|do_syscall|sys_")),
]


def record(args):
    os.makedirs(args.work, exist_ok=True)
    data = os.path.join(args.work, "perf.data")
    index = os.path.join(args.work, "index")
    cmd = ["perf", "record", "-F", str(args.freq), "--call-graph", "dwarf,16384", "-o", data,
           BIN, "index", args.corpus, "--index", index, "--rebuild"]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    return data


def samples(data):
    """Yields (thread name, frames from leaf to root) for each sample."""
    proc = subprocess.Popen(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace")
    comm, frames = None, []
    for line in proc.stdout:
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
            continue
        if not line.startswith((" ", "\t")):
            comm = line.split()[0]
            frames = []
        else:
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else parts[0])
    if comm is not None:
        yield comm, frames
    proc.wait()


def classify(comm, frames):
    stage = None
    for frame in [comm] + frames[::-1]:
        for name, pattern in STAGES:
            if pattern.search(frame):
                stage = name
                break
        if stage:
            break
    kind = "other"
    for frame in frames:
        for name, pattern in KINDS:
            if pattern.search(frame):
                kind = name
                break
        if kind != "other":
            break
    return stage or f"other ({comm})", kind


def report(data):
    by_stage, by_kind, cells = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for comm, frames in samples(data):
        stage, kind = classify(comm, frames)
        by_stage[stage] += 1
        by_kind[kind] += 1
        cells[(stage, kind)] += 1
        total += 1
    if not total:
        sys.exit(f"no samples in {data}")
    pct = lambda n: f"{100 * n / total:5.1f} %"
    print(f"\n{total} samples\n\nby stage (outermost frame)")
    for name, n in by_stage.most_common():
        print(f"  {pct(n)}  {name}")
    print("\nby kind of work (innermost frame)")
    for name, n in by_kind.most_common():
        print(f"  {pct(n)}  {name}")
    print("\nlargest cells (stage / kind)")
    for (stage, kind), n in cells.most_common(25):
        print(f"  {pct(n)}  {stage} / {kind}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench", "profile"))
    ap.add_argument("--freq", type=int, default=99)
    ap.add_argument("--report", help="only report on an existing perf.data")
    args = ap.parse_args()
    if args.report:
        report(args.report)
        return
    if not os.path.exists(args.corpus):
        sys.exit(f"corpus {args.corpus} not found")
    report(record(args))


if __name__ == "__main__":
    main()
