#!/usr/bin/env python3
"""Draws the locality labelling sample from ../shared/corpus/news.jsonl.gz.

Random with a fixed seed, independent of what vnsearch does: every article is
put in one of two strata by a plain test (does the title contain one of the 63
province names, accented, case-insensitive?), then 100 are drawn from each
stratum with random.Random(20261125). Writes sample.jsonl (id, title, the
first 1,500 characters of text) for the labellers; the corpus itself stays in
../shared. Re-run: python3 tests/data/locality/draw_sample.py
"""
import gzip, json, os, random, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..", "..")
admin = json.load(open(os.path.join(root, "data", "vn_admin.json"), encoding="utf-8"))
names = [unicodedata.normalize("NFC", p["name"]).lower() for p in admin["provinces_pre2025"]]
names += ["tp.hcm", "tphcm", "tp hcm", "sài gòn"]

with_province, without = [], []
with gzip.open(os.path.join(root, "..", "shared", "corpus", "news.jsonl.gz"), "rt", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        title = unicodedata.normalize("NFC", r.get("title") or "").lower()
        (with_province if any(n in title for n in names) else without).append(line)

rng = random.Random(20261125)
picked = [("title_names_province", l) for l in rng.sample(with_province, 100)]
picked += [("title_names_no_province", l) for l in rng.sample(without, 100)]
with open(os.path.join(here, "sample.jsonl"), "w", encoding="utf-8") as out:
    for stratum, line in picked:
        r = json.loads(line)
        out.write(json.dumps({"id": r["id"], "stratum": stratum, "title": r.get("title"),
                              "text": (r.get("text") or "")[:1500]}, ensure_ascii=False) + "\n")
print(f"strata: {len(with_province)} titles name a province, {len(without)} do not; wrote 200")
