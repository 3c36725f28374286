#!/usr/bin/env python3
"""Writes the committed seed corpora (fuzz/seeds/TARGET/) from the project's
own material: the shipped articles in corpus/, the README's query cookbook,
the filters and requests of docs/meilisearch.md and the formats the date
parser documents. Re-run it after those change; the seeds stay small (a few
hundred KB). Lines of ../shared/corpus are added at run time by
fuzz/seed-shared.sh into the git-ignored fuzz/corpus/ instead: that text is
third-party news that must not be redistributed with the project."""

import hashlib
import json
import pathlib
import re
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = FUZZ / "seeds"


def write(target, items):
    out = SEEDS / target
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    seen = set()
    for item in items:
        data = item if isinstance(item, bytes) else item.encode("utf-8")
        if data in seen:
            continue
        seen.add(data)
        name = hashlib.sha1(data).hexdigest()[:16]
        (out / name).write_bytes(data)
    print(f"{target}: {len(seen)} seeds")


articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
paragraphs = [p.strip() for a in articles for p in a.split("\n") if p.strip()]
readme = (ROOT / "README.md").read_text(encoding="utf-8")
meili_doc = (ROOT / "docs" / "meilisearch.md").read_text(encoding="utf-8")

# (a) queries: every quoted argument of `vnsearch search|count` in the README,
# plus the query-language table and the limits it states.
queries = []
for m in re.finditer(r"vnsearch (?:search|count) ('([^']*)'|\"([^\"]*)\"|(\S+))", readme):
    q = m.group(2) or m.group(3) or m.group(4)
    if q and q != "-":
        queries.append(q)
for m in re.finditer(r"^\| `([^`]+)` \|", readme, re.M):
    queries.append(m.group(1))
queries += [
    "dân vận", "dan van kheo", "\u201cdân vận khéo\u201d", "city:(hanoi OR haiphong) dân",
    "NOT NOT khéo", "((((dân))))", "title:\"\"", "year:2023-12 scope:local", "Il -20", "-5 độ",
    "UBND thành phố", "\"1.431 mô hình\"", "chứx tên", "hai phog", "haiphogn", "*", "h*",
    "district:\"Quận Hoàng Mai\"", "source:\"Thanh tra\" -x", "a " * 130, "(" * 20 + "a" + ")" * 20,
]
# The first byte of a query input holds option bits; `@` is the defaults
# (all words, typos on, by relevance), `A` any word, `B` typos off, `D`/`H`
# by date ascending/descending, `P` explained, `` ` `` disjunctive facets.
opts = "@ABDHP`"
write("query", [opts[i % len(opts)] + q for i, q in enumerate(queries)])

# (b) analyzer: paragraphs of the articles, NFD and tone-placement variants,
# hostile Unicode.
import unicodedata
analyzer = paragraphs[:60] + [unicodedata.normalize("NFD", p) for p in paragraphs[:10]]
analyzer += [
    "Thành uỷ hoà Hoà HÒA", "TP.HCM TPHCM UBND 1.431 2.000.000 3,5%", "e\u0301\u0323" * 50,
    "a\u0300" * 200, "\u0301\u0301\u0301x", "ﬁ ǅ İ ß ẞ", "🇻🇳 👍🏽 test", "\u200b\u200d\ufeff",
    "https://dantri.com.vn/a-b.htm user@example.vn", "Quận 1, Q.3, P.12", "x" * 300,
]
write("analyzer", analyzer)

# (c) text articles: the shipped articles whole, a header-only and a
# body-only cut of each, and a Windows-1258-like byte soup.
text = list(articles)
for a in articles:
    lines = a.split("\n")
    text.append("\n".join(lines[:6]))
    text.append("\n".join(lines[6:]))
text.append(articles[0].encode("utf-16"))
text.append(articles[1].encode("latin-1", "replace"))
text.append("\ufeff" + articles[2].replace("\n", "\r\n"))
write("text_article", text)

# (d) JSON records: each shipped article as a record (the shape of
# ../shared/corpus), as JSON Lines, as an array, and odd records.
records = []
for i, a in enumerate(articles):
    lines = [l for l in a.split("\n") if l.strip()]
    records.append({"id": f"seed-{i}", "title": lines[0], "date": "2023-12-19T14:30:00+07:00",
                    "source": "ĐCSVN", "url": "https://dangcongsan.vn/a.html", "category": None,
                    "text": "\n".join(lines[2:12])})
jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
json_seeds = [json.dumps(r, ensure_ascii=False) for r in records]
json_seeds += [jsonl, json.dumps(records, ensure_ascii=False),
    '{"title": "t", "text": "x", "url": "javascript:alert(1)"}',
    '{"title": "t", "body": "<script>alert(1)</script>", "city": "haiphong", "date": "19/12/2023 14:30"}',
    '{"title": 5, "content": 7, "id": 3, "date": null}', '{"text": ""}', "[]", "{}", '"x"',
    '{"title": "t"}\n\n{bad json\n{"text": "b", "city": "Hà Nội", "date": "ngày 5 tháng 3 năm 2024"}']
write("json_records", json_seeds)

# (e) dates: the datelines of the shipped articles and every form the parser
# documents, with near misses.
dates = [l.strip() for a in articles for l in a.split("\n")[:8] if re.search(r"\d{1,2}/\d{1,2}/\d{4}", l)]
dates += [
    "Thứ ba, 19/12/2023 14:30", "29/09/2023 - 13:34", "T3, 19-12-2023 9h05", "14h30 ngày 19/12/2023",
    "ngày 5 tháng 3 năm 2024", "2020-10-01", "2026-02-03T13:45:00+00:00", "2026-02-03 13:45:00.123Z",
    "19/12/2023 14:30", "Sáng ngày 18/01/2024, Ban Dân vận", "Chiều 7/1", "31/02/2023", "00/00/0000",
    "1.431 mô hình năm 2023, 2.000.000 đồng, 2024 và 2023", "Hiền Thu 29/09/2023 - 13:34",
    "Cập nhật: 01.02.2024 7g30", "9999-99-99T99:99", "29/2/2024 24h", "1/1/1899",
]
write("date", dates)

# (f) gazetteer: title, lead, body of each article (the target splits at
# the first two newlines) and bare place names as filters take them.
gaz = []
for a in articles:
    lines = [l for l in a.split("\n") if l.strip()]
    gaz.append("\n".join([lines[0], lines[2] if len(lines) > 2 else "", " ".join(lines[3:10])]))
gaz += ["Hải Phòng", "haiphong", "hanoi", "TP.HCM", "Bến Tre", "Vĩnh Long", "Quận Hoàng Mai",
        "huyện Yên Thành (Nghệ An)", "Hoàng Mai\nHà Nội", "Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh",
        "Mỹ\nTổng thống Mỹ gặp Thủ tướng\nChính phủ, cả nước", "Quận 1", "Thừa Thiên Huế"]
write("gazetteer", gaz)

# (g) Meili filters: the doc's and the parser's own examples.
filters = [m.group(0).strip('"') for m in re.finditer(r'"((?:city|district|year|source|month|date|province_2025)[^"\n]*)"', meili_doc)]
filters += [
    'city = "Hải Phòng" AND (year 2022 TO 2023 OR source IN [PLVN, "Thanh tra"]) AND NOT district = "Hoàng Mai"',
    '[["city = hanoi", "city = haiphong"], "year > 2022"]', "city = hanoi", "city='Hải Phòng'",
    "city != haiphong", 'source = "Báo \\"Thanh\\" tra"', "year >= 2022", "date>=2023-12-01",
    "month = 2023-12", "date '2023-01-01' TO 2023-12-31", "city IN [hanoi,]", "city IN []",
    "city NOT IN [hanoi]", "NOT NOT city = hanoi", 'district = "Hoàng Mai" AND province_2025 = "Vĩnh Long"',
    "city = a OR city = b AND year = 2023", "  ((city = a))  ", '"city" = "AND"', "scope = local",
    "title EXISTS", "city IS NULL", "_geoRadius(1, 2, 3)", "(" * 40 + "city = a" + ")" * 40,
    "NOT " * 40 + "city = a", '["year = 2023", ["city = hanoi", 5]]', "null", '{"a": 1}',
]
write("meili_filter", filters)

# (h) Meili search requests: JSON bodies and GET query strings.
requests = [
    {"q": "dan van kheo", "filter": ["city = haiphong", "year >= 2023"], "facets": ["city", "year"],
     "attributesToHighlight": ["title"]},
    {"q": "dân vận", "offset": 5, "limit": 3, "sort": ["date:desc"]},
    {"q": "", "page": 2, "hitsPerPage": 2, "filter": [["city = hanoi", "city = 'Bến Tre'"]], "facets": ["city"]},
    {"q": "dân", "attributesToCrop": ["body:3", "title:2"], "cropLength": 6, "cropMarker": "…",
     "highlightPreTag": "<em>", "highlightPostTag": "</em>", "attributesToHighlight": ["*"]},
    {"q": "dân", "showMatchesPosition": True, "showRankingScore": True, "showRankingScoreDetails": True,
     "attributesToRetrieve": ["title", "date"], "matchingStrategy": "all"},
    {"q": "x", "indexUid": "articles", "federationOptions": {"weight": 0.5}},
    {"q": "hai phog", "rankingScoreThreshold": 0.2, "attributesToSearchOn": ["title"], "locales": ["vie"]},
    {"q": "a", "hybrid": {"embedder": "x"}}, {"q": "a", "vector": [1, 2]}, {"q": "a", "limit": -1},
    {"q": "a", "page": 0}, {"q": "a", "unknownField": 1}, [], "q",
]
reqs = [json.dumps(r, ensure_ascii=False) for r in requests]
reqs += ["q=dan+van&limit=2&offset=1", "q=d%C3%A2n&facets=city,year&filter=year%20%3E%3D%202023",
         "q=a&sort=date:asc&attributesToCrop=body:5&showMatchesPosition=true", "page=1&hitsPerPage=1000000",
         "q=a&hybridEmbedder=x", "limit=abc", "q=&&&=&"]
write("meili_request", reqs)

total = sum(p.stat().st_size for p in SEEDS.rglob("*") if p.is_file())
print(f"total {total} bytes")
